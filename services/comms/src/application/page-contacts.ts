import { CommandContext, EventStore } from '@linchpin/eventsourcing';
import { contactOf } from '../domain/contact.decider';
import { PageBody, pageSending } from '../domain/page-channel';
import { contacts, deliveryRequests } from '../domain/streams';

/**
 * Resolves a page waiting for its contact, if the contact is known now: records the delivery request
 * as formatted for the contact's channel. Returns whether the page is settled (requested now or before).
 * Both the page (after recording its wait) and the person's event (after recording the contact) call
 * it, so whichever is stored second finds the other: a page is never left waiting for a contact comms knows.
 */
export async function resolveAwaitingPage(store: EventStore, deliveryId: string, context: CommandContext): Promise<boolean> {
  const request = await deliveryRequests.load(store, { deliveryId });
  if (request.requested) return true;
  if (!request.awaiting) return false;
  const { personId, contactMethodId, page } = request.awaiting;
  const contact = contactOf(await contacts.load(store, { personId }), contactMethodId);
  if (!contact) return false;
  await deliveryRequests.handle(store, { type: 'ResolveContact', deliveryId, send: pageSending(contact, page as unknown as PageBody, personId), context });
  return true;
}

/** Why a page's contact never came, in words for NotificationFailed and the incident's views. */
export async function missingContactReason(store: EventStore, personId: string, contactMethodId: string, waitedSeconds: number): Promise<string> {
  const person = await contacts.load(store, { personId });
  return person.known
    ? `person ${person.name} (${personId}) has no contact method ${contactMethodId} known to comms after waiting ${waitedSeconds} s`
    : `person ${personId} is unknown to comms: no person event from coordination within ${waitedSeconds} s`;
}
