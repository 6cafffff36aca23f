import { given } from '@linchpin/eventsourcing';
import { RecordDeliveryOutcome, alreadyDelivered, deliveryDecider, deliveryIdOf, deliveryOutcome, isRetryable } from './delivery';

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
});
