import { CommandContext, EventStore } from '@linchpin/eventsourcing';
import { DeliveryKind, deliveryIdOf } from '../domain/delivery';
import { CONTACT_CHANNELS } from '../domain/page-channel';
import { contacts, deliveryRequests } from '../domain/streams';

export interface MessageToPerson {
  personId: string;
  incidentId: string;
  /** The fact the message is about: with the target, it keys the one delivery. */
  subjectId: string;
  kind: DeliveryKind;
  body: Record<string, unknown>;
  context: CommandContext;
}

/**
 * One message to the person's first contact method comms knows (its contact directory), through the delivery
 * requests. A person comms knows no contact for, or one whose method no channel delivers, is a delivery that fails
 * at once, saying so: never silent. One delivery per subject and target, so a redelivered fact sends nothing more.
 */
export async function sendToPerson(store: EventStore, message: MessageToPerson): Promise<void> {
  const { personId, body } = message;
  const person = await contacts.load(store, { personId });
  const [method] = Object.entries(person.methods);
  const target = method ? `person:${personId}/contact:${method[0]}` : `person:${personId}`;
  const kind = method ? String(method[1].kind) : '';
  const send = !method
    ? { url: '', body, undeliverable: `person ${personId} has no contact method known to comms` }
    : !CONTACT_CHANNELS.includes(kind)
      ? { url: '', body, undeliverable: `contact method kind "${kind}" cannot be delivered` }
      : { url: kind === 'email' ? `mailto:${method[1].address}` : method[1].address, body, channel: kind };
  await deliveryRequests.handle(store, {
    type: 'RequestDelivery',
    deliveryId: deliveryIdOf(message.subjectId, target),
    incidentId: message.incidentId,
    kind: message.kind,
    subjectId: message.subjectId,
    target,
    ...send,
    context: message.context,
  });
}
