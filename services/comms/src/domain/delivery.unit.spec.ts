import { given } from '@linchpin/eventsourcing';
import { DeliveryAttemptFailed } from '@linchpin/contracts';
import { RecordAttemptFailure, RecordDeliveryOutcome, alreadyDelivered, attemptFailedEventId, deliveryDecider, deliveryIdOf, deliveryOutcome, isRetryable } from './delivery';

const metadata = { incidentId: 'i-1', correlationId: 'i-1', causationId: 'c', actor: 'system:comms', occurredAt: '2026-01-01T00:00:00.000Z' };
const delivery = { deliveryId: deliveryIdOf('cause-1', 'http://a'), incidentId: 'i-1', kind: 'page' as const, subjectId: 'p-1', target: 'http://a' };

describe('delivery decisions', () => {
  it('the delivery id is stable per (cause, target) and differs across targets', () => {
    expect(deliveryIdOf('cause-1', 'http://a')).toBe(deliveryIdOf('cause-1', 'http://a'));
    expect(deliveryIdOf('cause-1', 'http://a')).not.toBe(deliveryIdOf('cause-1', 'http://b'));
    expect(deliveryIdOf('cause-1', 'http://a')).not.toBe(deliveryIdOf('cause-2', 'http://a'));
  });

  it('a delivery stream with an outcome means: deliver nothing again', () => {
    expect(alreadyDelivered([])).toBe(false);
    expect(alreadyDelivered([{ type: 'NotificationFailed' }])).toBe(true);
    expect(alreadyDelivered([{ type: 'NotificationDelivered' }])).toBe(true);
  });

  it('given a 2xx last attempt, then NotificationDelivered with the attempts and status', () => {
    const event = deliveryOutcome(delivery, [{ error: 'ECONNRESET' }, { statusCode: 204 }], metadata);
    expect(event.type).toBe('NotificationDelivered');
    expect(event.data).toMatchObject({ attempts: 2, statusCode: 204, deliveryId: delivery.deliveryId });
  });

  it('given only failures, then NotificationFailed with the last status or error', () => {
    const byStatus = deliveryOutcome(delivery, [{ statusCode: 500 }, { statusCode: 503 }], metadata);
    expect(byStatus.type).toBe('NotificationFailed');
    expect(byStatus.data).toMatchObject({ attempts: 2, statusCode: 503, error: 'receiver answered HTTP 503' });
    const byError = deliveryOutcome(delivery, [{ error: 'timeout' }], metadata);
    expect(byError.data).toMatchObject({ attempts: 1, error: 'timeout' });
  });

  it('the outcome id is deterministic, so a second recording is a no-op in the store', () => {
    expect(deliveryOutcome(delivery, [{ statusCode: 200 }], metadata).id).toBe(deliveryOutcome(delivery, [{ statusCode: 500 }], metadata).id);
  });

  it('retries server errors, timeouts, 408 and 429, not other client errors', () => {
    expect(isRetryable({ statusCode: 500 })).toBe(true);
    expect(isRetryable({ error: 'timeout' })).toBe(true);
    expect(isRetryable({ statusCode: 429 })).toBe(true);
    expect(isRetryable({ statusCode: 404 })).toBe(false);
  });

  it('never retries a target the outbound guard refused, nor a redirect, and says a redirect is not followed', () => {
    expect(isRetryable({ error: 'refused by the outbound guard: 127.0.0.1 is a loopback address', refused: true })).toBe(false);
    expect(isRetryable({ statusCode: 302 })).toBe(false);
    const redirected = deliveryOutcome(delivery, [{ statusCode: 302 }], metadata);
    expect(redirected.data).toMatchObject({ attempts: 1, statusCode: 302, error: 'receiver answered HTTP 302; redirects are not followed' });
  });

  describe('recording the outcome', () => {
    const record = (statusCode: number): RecordDeliveryOutcome => ({
      type: 'RecordDeliveryOutcome',
      ...delivery,
      attempts: [{ statusCode }],
      context: { actor: 'system:comms', causationId: 'c', occurredAt: '2026-01-01T00:00:00.000Z' },
    });

    it('given no outcome yet, then the outcome of the attempts, correlated on the incident', () => {
      given(deliveryDecider).when(record(204)).then([deliveryOutcome(delivery, [{ statusCode: 204 }], metadata)]);
    });

    it('given an outcome already recorded (another dispatcher), then nothing new: the first outcome stands', () => {
      given(deliveryDecider, [deliveryOutcome(delivery, [{ statusCode: 500 }], metadata)]).when(record(204)).then([]);
    });
  });

  describe('recording a failed attempt', () => {
    const failure = (attempt: number, failed: RecordAttemptFailure['failure'] = { statusCode: 500 }): RecordAttemptFailure => ({
      type: 'RecordAttemptFailure',
      deliveryId: delivery.deliveryId,
      incidentId: delivery.incidentId,
      kind: delivery.kind,
      subjectId: delivery.subjectId,
      attempt,
      failure: failed,
      context: { actor: 'system:comms', causationId: 'c', occurredAt: '2026-01-01T00:00:01.000Z' },
    });

    it('given no outcome, then DeliveryAttemptFailed with the attempt, the error and the page, its id from the delivery and the attempt', () => {
      const [event] = given(deliveryDecider).when(failure(1)).events;
      expect(event).toMatchObject({
        id: attemptFailedEventId(delivery.deliveryId, 1),
        type: 'DeliveryAttemptFailed',
        data: { deliveryId: delivery.deliveryId, kind: 'page', incidentId: 'i-1', pageId: 'p-1', attempt: 1, error: 'receiver answered HTTP 500', statusCode: 500, at: '2026-01-01T00:00:01.000Z' },
        metadata: { incidentId: 'i-1', correlationId: 'i-1', causationId: 'c', actor: 'system:comms' },
      });
      expect(attemptFailedEventId(delivery.deliveryId, 2)).not.toBe(event.id);
    });

    it('given a network error, then its wording and no status; a status update names no page', () => {
      const [event] = given(deliveryDecider).when({ ...failure(1, { error: 'connection refused (ECONNREFUSED) to 10.0.0.1:443' }), kind: 'status-update' }).events;
      expect(event.data).toEqual({ deliveryId: delivery.deliveryId, kind: 'status-update', incidentId: 'i-1', attempt: 1, error: 'connection refused (ECONNREFUSED) to 10.0.0.1:443', at: '2026-01-01T00:00:01.000Z' });
      expect(DeliveryAttemptFailed.validate({ ...event.data, deliveryId: '0b8f2a52-8f0e-4c1b-9a2d-3c7e5b8d4a10', incidentId: '1b8f2a52-8f0e-4c1b-9a2d-3c7e5b8d4a10' })).toEqual([]);
    });

    it('given that attempt already recorded (a restart repeats it), then nothing; the next attempt is recorded', () => {
      const history = given(deliveryDecider).when(failure(1)).events;
      given(deliveryDecider, history).when(failure(1)).then([]);
      expect(given(deliveryDecider, history).when(failure(2)).events.map((e) => e.type)).toEqual(['DeliveryAttemptFailed']);
    });

    it('given an outcome already recorded, then nothing: a late attempt of another dispatcher changes nothing', () => {
      given(deliveryDecider, [deliveryOutcome(delivery, [{ statusCode: 204 }], metadata)]).when(failure(1)).then([]);
    });

    it('given failed attempts, the outcome is still recorded once, after them', () => {
      const history = given(deliveryDecider).when(failure(1)).events;
      const outcome: RecordDeliveryOutcome = { type: 'RecordDeliveryOutcome', ...delivery, attempts: [{ statusCode: 500 }, { statusCode: 204 }], context: failure(1).context };
      expect(given(deliveryDecider, history).when(outcome).events.map((e) => e.type)).toEqual(['NotificationDelivered']);
      expect(given(deliveryDecider, history).state()).toMatchObject({ failedAttempts: [1] });
    });
  });
});
