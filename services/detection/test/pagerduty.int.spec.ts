import { ManualClock, RecordedEvent } from '@linchpin/eventsourcing';
import {
  pagerDutyAcknowledgeExample as acknowledgeExample,
  pagerDutyResolveExample as resolveExample,
  pagerDutyTriggerExample as triggerExample,
} from './fixtures/documented-examples';
import { createIntegration, DetectionApp, incidentEvent, startDetection } from './support/detection-app';


const PATHS = ['/v2/enqueue', '/detection/v2/enqueue'];

interface Signal {
  alertId?: string;
  incidentId?: string;
  outcome: string;
}
const signalData = (events: RecordedEvent[]): Signal[] => events.map((e) => e.data as Signal);

describe('PagerDuty Events API v2 over HTTP (SQLite store)', () => {
  // The rate limiter reads this clock: the limit is tested by moving it, never by waiting.
  const clock = new ManualClock('2026-03-01T09:00:00.000Z');
  let detection: DetectionApp;

  beforeAll(async () => {
    detection = await startDetection({ clock });
  });
  afterAll(async () => detection?.close());

  const newIntegration = (extra: object = {}) => createIntegration(detection, { name: 'PagerDuty clients', kind: 'pagerduty', service: 'datapipe', ...extra });

  it.each(PATHS)('%s: a trigger answers 202 as PagerDuty does and opens an incident', async (path) => {
    const { key, integrationId } = await newIntegration();
    const response = await detection.http().post(path).send(triggerExample(key)).expect(202);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.body).toEqual({ status: 'success', message: 'Event processed', dedup_key: 'samplekeyhere' });

    const [signal] = signalData(await detection.signalsOf(integrationId));
    expect(signal).toMatchObject({ outcome: 'opened', startsAt: '2015-07-17T08:42:58.315Z', sender: 'pagerduty' });
    const detected = await incidentEvent(detection, signal.incidentId!, 'IncidentDetected');
    expect(detected.data).toMatchObject({ title: 'Example alert on host1.example.com', severity: 'info', service: 'datapipe', firstSignalAt: '2015-07-17T08:42:58.315Z' });
    const alert = (await detection.http().get(`/detection/alerts/${signal.alertId}`).expect(200)).body;
    expect(alert).toMatchObject({ status: 'firing', labels: { component: 'postgres', group: 'prod-datapipe', class: 'deploy', service: 'datapipe' } });
    // The routing key is the integration's secret: never kept with the signal.
    expect(JSON.stringify(await detection.allEvents())).not.toContain(key);
  });

  it('an Idempotency-Key is per integration: two senders that happen to use the same key are each taken, and each retry replayed', async () => {
    const first = await newIntegration();
    const second = await newIntegration();
    for (const { key } of [first, second]) {
      await detection.http().post('/v2/enqueue').set('Idempotency-Key', 'deploy-7').send(triggerExample(key, 'same-dedup')).expect(202);
      const retried = await detection.http().post('/v2/enqueue').set('Idempotency-Key', 'deploy-7').send(triggerExample(key, 'same-dedup')).expect(202);
      expect(retried.headers['idempotent-replayed']).toBe('true');
    }
    for (const { integrationId } of [first, second]) expect(signalData(await detection.signalsOf(integrationId)).map((s) => s.outcome)).toEqual(['opened']);
  });

  it('a trigger without dedup_key gets a generated 32-hex one, which then resolves it', async () => {
    const { key, integrationId } = await newIntegration();
    const response = await detection.http().post('/v2/enqueue').send(triggerExample(key, null)).expect(202);
    const dedupKey = response.body.dedup_key;
    expect(dedupKey).toMatch(/^[0-9a-f]{32}$/);
    const other = await detection.http().post('/v2/enqueue').send(triggerExample(key, null)).expect(202);
    expect(other.body.dedup_key).not.toBe(dedupKey);

    await detection.http().post('/v2/enqueue').send(resolveExample(key, dedupKey)).expect(202);
    const signals = signalData(await detection.signalsOf(integrationId));
    expect(signals.map((s) => s.outcome)).toEqual(['opened', 'opened', 'resolved']);
    expect(signals[2].alertId).toBe(signals[0].alertId);
  });

  it('the same dedup_key deduplicates; acknowledge is recorded; resolve resolves; a new trigger opens a new alert', async () => {
    const { key, integrationId } = await newIntegration();
    const dedupKey = 'dedupkeyhere';
    const [viaRoot, viaDetection] = PATHS;
    for (const path of [viaRoot, viaDetection]) {
      const response = await detection.http().post(path).send(triggerExample(key, dedupKey)).expect(202);
      expect(response.body).toEqual({ status: 'success', message: 'Event processed', dedup_key: dedupKey });
    }
    let signals = signalData(await detection.signalsOf(integrationId));
    expect(signals.map((s) => s.outcome)).toEqual(['opened', 'deduplicated']);
    const { alertId, incidentId } = signals[0];
    expect(signals[1]).toMatchObject({ alertId, incidentId });
    expect((await detection.http().get(`/detection/alerts/${alertId}`).expect(200)).body.occurrences).toBe(2);

    const acked = await detection.http().post(viaDetection).send(acknowledgeExample(key, dedupKey)).expect(202);
    expect(acked.body).toEqual({ status: 'success', message: 'Event processed', dedup_key: dedupKey });
    signals = signalData(await detection.signalsOf(integrationId));
    expect(signals[2]).toMatchObject({ outcome: 'acknowledged', alertId, incidentId });
    expect((await detection.http().get(`/detection/alerts/${alertId}`).expect(200)).body.status).toBe('firing');

    clock.advance(60_000);
    await detection.http().post(viaRoot).send(resolveExample(key, dedupKey)).expect(202);
    signals = signalData(await detection.signalsOf(integrationId));
    expect(signals[3]).toMatchObject({ outcome: 'resolved', alertId, incidentId });
    expect((await detection.http().get(`/detection/alerts/${alertId}`).expect(200)).body).toMatchObject({ status: 'resolved', endsAt: '2026-03-01T09:01:00.000Z' });
    await incidentEvent(detection, incidentId!, 'SignalsCleared');

    clock.advance(60_000);
    await detection.http().post(viaRoot).send(triggerExample(key, dedupKey)).expect(202);
    signals = signalData(await detection.signalsOf(integrationId));
    expect(signals[4].outcome).toBe('opened');
    expect(signals[4].alertId).not.toBe(alertId);
    expect(signals[4].incidentId).not.toBe(incidentId);
  });

  it('acknowledge and resolve apply only to the alert of the same routing_key', async () => {
    const owner = await newIntegration();
    const stranger = await newIntegration();
    await detection.http().post('/v2/enqueue').send(triggerExample(owner.key, 'shared-key')).expect(202);
    await detection.http().post('/v2/enqueue').send(resolveExample(stranger.key, 'shared-key')).expect(202);
    expect(signalData(await detection.signalsOf(stranger.integrationId))).toEqual([expect.objectContaining({ outcome: 'ignored' })]);
    const [opened] = signalData(await detection.signalsOf(owner.integrationId));
    expect((await detection.http().get(`/detection/alerts/${opened.alertId}`).expect(200)).body.status).toBe('firing');
  });

  it('over the integration\'s rate limit: 429, and accepted again once the minute has passed', async () => {
    const { key, integrationId } = await newIntegration({ rateLimitPerMinute: 2 });
    await detection.http().post('/v2/enqueue').send(triggerExample(key, 'burst-1')).expect(202);
    await detection.http().post('/v2/enqueue').send(triggerExample(key, 'burst-2')).expect(202);
    const throttled = await detection.http().post('/v2/enqueue').send(triggerExample(key, 'burst-3')).expect(429);
    expect(throttled.body).toMatchObject({ status: 'throttle event' });
    expect(await detection.signalsOf(integrationId)).toHaveLength(2);

    clock.advance(60_000);
    await detection.http().post('/v2/enqueue').send(triggerExample(key, 'burst-3')).expect(202);
    expect(await detection.signalsOf(integrationId)).toHaveLength(3);
  });
});

describe("PagerDuty Events API v2 over the process's per-key rate limit (RATE_LIMIT_PER_KEY_PER_MINUTE)", () => {
  let detection: DetectionApp;
  beforeAll(async () => (detection = await startDetection({ env: { RATE_LIMIT_PER_KEY_PER_MINUTE: '2' } })));
  afterAll(async () => detection?.close());

  it("answers PagerDuty's 429 with Retry-After once a routing_key is over it, whatever the integration's own limit; another key is not", async () => {
    const { key } = await createIntegration(detection, { name: 'PagerDuty clients', kind: 'pagerduty', service: 'datapipe', rateLimitPerMinute: 1000 });
    await detection.http().post('/v2/enqueue').send(triggerExample(key, 'k-1')).expect(202);
    await detection.http().post('/detection/v2/enqueue').send(triggerExample(key, 'k-2')).expect(202);
    const throttled = await detection.http().post('/v2/enqueue').send(triggerExample(key, 'k-3')).expect(429);
    expect(throttled.headers['content-type']).toMatch(/^application\/json/);
    expect(throttled.body).toEqual({ status: 'throttle event', message: 'Requests for this integration are arriving too quickly. Please retry later.' });
    expect(Number(throttled.headers['retry-after'])).toBeGreaterThan(0);

    const other = await createIntegration(detection, { name: 'Other clients', kind: 'pagerduty', service: 'datapipe' });
    await detection.http().post('/v2/enqueue').send(triggerExample(other.key, 'k-1')).expect(202);
  });
});

describe('invalid PagerDuty events (SQLite store)', () => {
  let detection: DetectionApp;
  let key: string;

  beforeAll(async () => {
    detection = await startDetection();
    ({ key } = await createIntegration(detection, { name: 'PagerDuty clients', kind: 'pagerduty', service: 'datapipe' }));
  });
  afterAll(async () => detection?.close());

  const withoutPayloadField = (field: string) => {
    const body = triggerExample(key);
    delete (body.payload as Record<string, unknown>)[field];
    return body;
  };

  it.each([
    ['an empty body', () => ({}), ["'routing_key' cannot be blank", "'event_action' is missing or blank"]],
    ['a trigger without payload.source', () => withoutPayloadField('source'), ["'payload.source' is missing or blank"]],
    ['a trigger without payload.summary', () => withoutPayloadField('summary'), ["'payload.summary' is missing or blank"]],
    [
      'an unknown severity',
      () => ({ ...triggerExample(key), payload: { ...triggerExample(key).payload, severity: 'fatal' } }),
      ["'payload.severity' is invalid (must be one of the following: 'critical', 'warning', 'error' or 'info')"],
    ],
    ['an unknown event_action', () => ({ ...triggerExample(key), event_action: 'snooze' }), [expect.stringContaining("'event_action' is invalid")]],
    ['a resolve without dedup_key', () => ({ routing_key: key, event_action: 'resolve' }), ["'dedup_key' is missing or blank"]],
    ['an unreadable timestamp', () => ({ ...triggerExample(key), payload: { ...triggerExample(key).payload, timestamp: 'last tuesday' } }), [expect.stringContaining("'payload.timestamp' is invalid")]],
  ])('%s: 400 in PagerDuty\'s format with the reasons, nothing stored', async (_case, body, errors) => {
    for (const path of PATHS) {
      const before = (await detection.allEvents()).length;
      const response = await detection.http().post(path).send(body()).expect(400);
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      expect(response.body).toEqual({ status: 'invalid event', message: 'Event object is invalid', errors: expect.arrayContaining(errors) });
      expect(await detection.allEvents()).toHaveLength(before);
    }
  });

  it('a body that is not JSON: still PagerDuty\'s 400 format, nothing stored', async () => {
    for (const path of PATHS) {
      const before = (await detection.allEvents()).length;
      const response = await detection.http().post(path).set('content-type', 'application/json').send('{"routing_key": ').expect(400);
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      expect(response.body).toEqual({ status: 'invalid event', message: 'Event object is invalid', errors: [expect.stringContaining('not valid JSON')] });
      expect(await detection.allEvents()).toHaveLength(before);
    }
  });

  it('another method than POST: 405 with Allow: POST, in PagerDuty\'s format (it is no invalid event)', async () => {
    for (const path of PATHS) {
      for (const method of ['get', 'put', 'delete'] as const) {
        const response = await detection.http()[method](path).expect(405);
        expect(response.headers.allow).toBe('POST');
        expect(response.body).toMatchObject({ status: 'invalid event', errors: [expect.stringContaining('takes POST')] });
      }
    }
  });
});
