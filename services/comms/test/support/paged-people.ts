import { RecordedEvent, newId, topicOf } from '@linchpin/eventsourcing';
import { PersonRegisteredV1, ResponderPagedV2 } from '@linchpin/contracts';
import { eventually } from '@linchpin/testing';
import { ServiceApp } from '@linchpin/service-testing';

let position = 40000;
export const meta = (incidentId?: string) => ({ ...(incidentId ? { incidentId } : {}), correlationId: incidentId ?? 'r', causationId: newId(), actor: 'api', occurredAt: new Date().toISOString() });
export const recorded = <T extends { metadata: object }>(event: T, streamId: string, revision: number): RecordedEvent =>
  ({ ...event, streamId, revision, position: ++position, recordedAt: new Date().toISOString() }) as unknown as RecordedEvent;

export interface PagedPerson {
  personId: string;
  methodId: string;
  name: string;
  kind: 'webhook' | 'slack';
  path: string;
}

/**
 * People with one contact method at `receiverUrl()/<name>`, and their pages, as coordination publishes them to comms
 * (PersonRegistered, then ResponderPaged v2 naming the person and the method).
 */
export function pagedPeople(comms: () => ServiceApp, receiverUrl: () => string) {
  const publish = (event: RecordedEvent) => comms().bus.publish(topicOf('coordination'), [{ key: event.metadata.incidentId ?? event.streamId, event }]);
  const person = async (name: string, kind: 'webhook' | 'slack'): Promise<PagedPerson> => {
    const personId = newId();
    const methodId = newId();
    const data = { personId, name, timeZone: 'UTC', contactMethods: [{ id: methodId, kind, address: `${receiverUrl()}/${name}` }], notificationRules: [{ contactMethodId: methodId, afterMinutes: 0 }] };
    await publish(recorded(PersonRegisteredV1.create(newId(), data, meta()), `person-${personId}`, 0));
    return { personId, methodId, name, kind, path: `/${name}` };
  };
  const page = (incidentId: string, who: Omit<PagedPerson, 'path'>, revision: number) =>
    recorded(
      ResponderPagedV2.create(
        newId(),
        { incidentId, pageId: newId(), teamId: newId(), team: 'payments', personId: who.personId, responder: who.name, contactMethodId: who.methodId, contactKind: who.kind, priority: 'P1', title: 'Checkout down', escalationLevel: 1, reason: 'on call' },
        meta(incidentId),
      ),
      `response-${incidentId}`,
      revision,
    );
  const delivered = (deliveryId: string) =>
    eventually(`delivery ${deliveryId}`, async () => (await comms().store.readStream(`delivery-${deliveryId}`)).find((e) => e.type === 'NotificationDelivered'));
  return { publish, person, page, delivered };
}
