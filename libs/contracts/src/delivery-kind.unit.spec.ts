import { UpcasterChain } from '@linchpin/eventsourcing';
import { upcasters } from './catalogue';
import { DeliveryAttemptFailed, DeliveryAttemptFailedV2, DeliveryAttemptFailedV3 } from './events/delivery-attempt-failed';
import { DeliveryRetryRequested, DeliveryRetryRequestedV1, DeliveryRetryRequestedV2 } from './events/delivery-retry-requested';
import { NotificationDelivered, NotificationDeliveredV2, NotificationDeliveredV3 } from './events/notification-delivered';
import { NotificationFailed, NotificationFailedV1, NotificationFailedV2 } from './events/notification-failed';

// Issue 16: comms delivers review's action item reminders as a kind of their own, `action-item-reminder`, no longer
// as a `status-update`. A widened enum is a changed shape (consumers validate the union): each delivery event took a new
// version whose kind may be `action-item-reminder`; the older version is raised unchanged.
describe('the action-item-reminder delivery kind', () => {
  const chain = new UpcasterChain(upcasters);
  const metadata = { incidentId: 'i', correlationId: 'c', causationId: 'c', actor: 'system:comms', occurredAt: '2026-03-06T00:00:05.000Z' };
  const recorded = { streamId: 'delivery-d', revision: 0, position: 1, recordedAt: '2026-03-06T00:00:05.000Z' };
  const id = (n: number) => `${n}b8f2a52-8f0e-4c1b-9a2d-3c7e5b8d4a10`;
  const base = { deliveryId: id(1), incidentId: id(2), subjectId: id(3), target: 'person:x/contact:y' };
  const cases = [
    { newest: NotificationDelivered, next: NotificationDeliveredV3, older: NotificationDeliveredV2, data: { ...base, kind: 'status-update', attempts: 1, statusCode: 204, latencyMs: 12 } },
    { newest: NotificationFailed, next: NotificationFailedV2, older: NotificationFailedV1, data: { ...base, kind: 'status-update', attempts: 6, error: 'HTTP 500', statusCode: 500 } },
    {
      newest: DeliveryAttemptFailed,
      next: DeliveryAttemptFailedV3,
      older: DeliveryAttemptFailedV2,
      data: { deliveryId: id(1), kind: 'status-update', incidentId: id(2), attempt: 1, error: 'HTTP 500', statusCode: 500, latencyMs: 3, nextAttemptAt: null, round: 1, at: '2026-03-06T00:00:05.000Z' },
    },
    { newest: DeliveryRetryRequested, next: DeliveryRetryRequestedV2, older: DeliveryRetryRequestedV1, data: { deliveryId: id(1), incidentId: id(2), kind: 'status-update', subjectId: id(3), round: 2, previousError: 'HTTP 500' } },
  ] as const;

  it.each(cases.map((c) => [c.next.type, c] as const))('%s: the newest version takes the kind, the older does not', (_type, { newest, next, older, data }) => {
    expect(newest).toBe(next);
    const reminder = { ...data, kind: 'action-item-reminder' };
    expect(next.validate(reminder)).toEqual([]);
    expect(older.validate(reminder)).not.toEqual([]);
    expect(next.validate({ ...data, kind: 'pager' })).not.toEqual([]);
  });

  it.each(cases.map((c) => [c.next.type, c] as const))('%s: the older version is raised unchanged', (_type, { next, older, data }) => {
    const up = chain.upcast({ ...older.create('e', data as never, metadata), ...recorded });
    expect(up.schemaVersion).toBe(next.schemaVersion);
    expect(up.data).toEqual(data);
    expect(next.validate(up.data)).toEqual([]);
  });
});
