import { DomainError, given } from '@linchpin/eventsourcing';
import { DeliveryAttemptFailed } from '@linchpin/contracts';
import {
  Attempt,
  FireRetryTimer,
  RETRY_TIMER_PURPOSE,
  RecordAttemptFailure,
  RecordDelivered,
  RequestRetry,
  alreadyDelivered,
  attemptFailedEventId,
  deliveryDecider,
  deliveryIdOf,
  deliveryOutcome,
  isRetryable,
  nextAttemptOf,
  retryTimerIdOf,
} from './delivery';

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

  const context = (occurredAt = '2026-01-01T00:00:01.000Z') => ({ actor: 'system:comms', causationId: 'c', occurredAt });
  const failure = (attempt: number, failed: Attempt = { statusCode: 500, latencyMs: 12 }, nextAttemptAt: string | null = '2026-01-01T00:00:05.000Z', round = 1): RecordAttemptFailure => ({
    type: 'RecordAttemptFailure',
    ...delivery,
    round,
    attempt,
    failure: failed,
    nextAttemptAt,
    context: context(),
  });
  const delivered = (attempt: number, round = 1): RecordDelivered => ({ type: 'RecordDelivered', ...delivery, round, attempt, result: { statusCode: 204, latencyMs: 7 }, context: context() });
  const fire = (history: { type: string; data: unknown }[]): FireRetryTimer => {
    const scheduled = history.find((e) => e.type === 'TimerScheduled')!.data as { timerId: string; dueAt: string };
    return { type: 'FireRetryTimer', deliveryId: delivery.deliveryId, incidentId: 'i-1', timerId: scheduled.timerId, dueAt: scheduled.dueAt, context: context('2026-01-01T00:00:05.000Z') };
  };
  const types = (events: { type: string }[]) => events.map((e) => e.type);

  describe('recording the outcome', () => {
    it('given no attempt yet, when attempt 1 succeeds, then NotificationDelivered v3 with its latency, correlated on the incident', () => {
      const [event] = given(deliveryDecider).when(delivered(1)).events;
      expect(event).toMatchObject({ type: 'NotificationDelivered', schemaVersion: 3, data: { attempts: 1, statusCode: 204, latencyMs: 7 }, metadata: { incidentId: 'i-1' } });
    });

    it('given an outcome already recorded (another dispatcher), then nothing new: the first outcome stands', () => {
      given(deliveryDecider, [deliveryOutcome(delivery, [{ statusCode: 500 }], metadata)]).when(delivered(1)).then([]);
    });
  });

  describe('recording a failed attempt', () => {
    it('given no outcome, then DeliveryAttemptFailed v3 and the timer of the next attempt, in one decision', () => {
      const events = given(deliveryDecider).when(failure(1)).events;
      expect(types(events)).toEqual(['DeliveryAttemptFailed', 'TimerScheduled']);
      expect(events[0]).toMatchObject({
        id: attemptFailedEventId(delivery.deliveryId, 1),
        schemaVersion: 3,
        data: { deliveryId: delivery.deliveryId, kind: 'page', incidentId: 'i-1', pageId: 'p-1', attempt: 1, error: 'receiver answered HTTP 500', statusCode: 500, latencyMs: 12, nextAttemptAt: '2026-01-01T00:00:05.000Z', round: 1, at: '2026-01-01T00:00:01.000Z' },
        metadata: { incidentId: 'i-1', correlationId: 'i-1', causationId: 'c', actor: 'system:comms' },
      });
      expect(events[1].data).toMatchObject({ timerId: retryTimerIdOf(delivery.deliveryId, 1), dueAt: '2026-01-01T00:00:05.000Z', purpose: RETRY_TIMER_PURPOSE });
      expect(attemptFailedEventId(delivery.deliveryId, 2)).not.toBe(events[0].id);
    });

    it('given a network error on a status update: its wording, no status, no page; valid against the contract', () => {
      const [event] = given(deliveryDecider).when({ ...failure(1, { error: 'connection refused (ECONNREFUSED) to 10.0.0.1:443' }), kind: 'status-update' }).events;
      expect(event.data).toEqual({ deliveryId: delivery.deliveryId, kind: 'status-update', incidentId: 'i-1', attempt: 1, error: 'connection refused (ECONNREFUSED) to 10.0.0.1:443', latencyMs: null, nextAttemptAt: '2026-01-01T00:00:05.000Z', round: 1, at: '2026-01-01T00:00:01.000Z' });
      expect(DeliveryAttemptFailed.validate({ ...event.data, deliveryId: '0b8f2a52-8f0e-4c1b-9a2d-3c7e5b8d4a10', incidentId: '1b8f2a52-8f0e-4c1b-9a2d-3c7e5b8d4a10' })).toEqual([]);
    });

    it('given the last attempt (no next), then DeliveryAttemptFailed and NotificationFailed together', () => {
      const events = given(deliveryDecider).when(failure(1, { statusCode: 503 }, null)).events;
      expect(types(events)).toEqual(['DeliveryAttemptFailed', 'NotificationFailed']);
      expect(events[1].data).toMatchObject({ attempts: 1, statusCode: 503, error: 'receiver answered HTTP 503' });
    });

    it('given a failure retrying cannot mend (a refusal), then NotificationFailed at once, whatever the schedule says', () => {
      const events = given(deliveryDecider).when(failure(1, { error: 'refused by the outbound guard: 127.0.0.1 is a loopback address', refused: true })).events;
      expect(types(events)).toEqual(['DeliveryAttemptFailed', 'NotificationFailed']);
      expect(events[0].data).toMatchObject({ nextAttemptAt: null });
    });

    it('while the retry timer is pending, no attempt is recorded; once fired (once), the next attempt is', () => {
      const history = given(deliveryDecider).when(failure(1)).events;
      given(deliveryDecider, history).when(failure(1)).then([]);
      given(deliveryDecider, history).when(failure(2)).then([]);
      const fired = given(deliveryDecider, history).when(fire(history)).events;
      expect(types(fired)).toEqual(['TimerFired']);
      given(deliveryDecider, [...history, ...fired]).when(fire(history)).then([]);
      expect(nextAttemptOf(given(deliveryDecider, [...history, ...fired]).state())).toBe(2);
      expect(types(given(deliveryDecider, [...history, ...fired]).when(delivered(2)).events)).toEqual(['NotificationDelivered']);
      given(deliveryDecider, [...history, ...fired]).when(delivered(1)).then([]);
    });

    it('given an outcome already recorded, then nothing: a late attempt of another dispatcher changes nothing', () => {
      given(deliveryDecider, [deliveryOutcome(delivery, [{ statusCode: 204 }], metadata)]).when(failure(1)).then([]);
    });
  });

  describe('retrying a dead letter', () => {
    const retry: RequestRetry = { type: 'RequestRetry', deliveryId: delivery.deliveryId, context: context('2026-01-02T00:00:00.000Z') };
    const failedForGood = () => given(deliveryDecider).when(failure(1, { statusCode: 503 }, null)).events;

    it('given a failed delivery, then DeliveryRetryRequested round 2, and the round\'s events get ids of their own', () => {
      const history = failedForGood();
      const [requested] = given(deliveryDecider, history).when(retry).events;
      expect(requested).toMatchObject({ type: 'DeliveryRetryRequested', data: { deliveryId: delivery.deliveryId, round: 2, previousError: 'receiver answered HTTP 503' } });
      const after = [...history, requested];
      expect(nextAttemptOf(given(deliveryDecider, after).state())).toBe(1);
      const again = given(deliveryDecider, after).when(failure(1, { statusCode: 503 }, null, 2)).events;
      expect(types(again)).toEqual(['DeliveryAttemptFailed', 'NotificationFailed']);
      expect(again.map((e) => e.id)).not.toEqual(expect.arrayContaining(history.map((e) => e.id)));
      expect(new Set([...history, ...again].map((e) => e.id)).size).toBe(4);
      given(deliveryDecider, after).when(failure(1, { statusCode: 503 }, null, 1)).then([]);
    });

    it('given a delivered or an unsettled delivery, then not_failed', () => {
      given(deliveryDecider, given(deliveryDecider).when(delivered(1)).events).when(retry).thenThrows(DomainError, 'not_failed');
      given(deliveryDecider, given(deliveryDecider).when(failure(1)).events).when(retry).thenThrows(DomainError, 'not_failed');
    });
  });
});
