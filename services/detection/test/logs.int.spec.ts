import { ManualClock } from '@linchpin/eventsourcing';
import { createIntegration, DetectionApp, incidentEvent, PROBLEM_JSON, startDetection } from './support/detection-app';

const gatewayTimeouts = {
  id: 'gateway-timeouts',
  name: 'Payment gateway timeouts',
  pattern: 'gateway timeout',
  flags: 'i',
  level: 'error',
  threshold: 3,
  windowSeconds: 60,
  severity: 'critical',
};

describe('log lines over HTTP (SQLite store, manual clock)', () => {
  // Rules count matches in a trailing window of this clock: the test moves it instead of waiting.
  const clock = new ManualClock('2026-02-02T08:00:00.000Z');
  let detection: DetectionApp;
  let key: string;

  beforeAll(async () => {
    detection = await startDetection({ clock });
    ({ key } = await createIntegration(detection, { name: 'Vector (payments)', kind: 'logs', service: 'payments', logRules: [gatewayTimeouts] }));
  });
  afterAll(async () => detection?.close());

  const ndjson = (lines: object[]) =>
    detection
      .http()
      .post(`/detection/integrations/logs/${key}`)
      .set('content-type', 'application/x-ndjson')
      .send(lines.map((line) => JSON.stringify(line)).join('\n'));
  const text = (lines: string[]) =>
    detection.http().post(`/detection/integrations/logs/${key}`).set('content-type', 'text/plain').send(lines.join('\n'));

  it('raises an alert at the threshold, stays quiet while firing, resolves after a quiet window', async () => {
    // Two matches at error level; the info line matches the pattern but not the rule's level.
    const first = await ndjson([
      { level: 'error', message: 'payment gateway timeout after 30s', order: 'o-1' },
      { level: 'info', message: 'retrying after gateway timeout' },
      { level: 'error', msg: 'Gateway Timeout from acquirer' },
      { level: 'error', message: 'card declined' },
    ]).expect(202);
    expect(first.body).toEqual({ received: 4, results: [] });

    clock.advance(10_000);
    const third = await text(['2026-02-02T08:00:09Z ERROR payment gateway timeout (acquirer B)', 'INFO healthy']).expect(202);
    expect(third.body.received).toBe(2);
    expect(third.body.results).toEqual([expect.objectContaining({ outcome: 'opened' })]);
    const { alertId, incidentId } = third.body.results[0];

    const detected = await incidentEvent(detection, incidentId, 'IncidentDetected');
    expect(detected.data).toMatchObject({ title: 'Payment gateway timeouts', severity: 'critical', source: 'logs', service: 'payments', firstSignalAt: '2026-02-02T08:00:00.000Z' });

    // More matches while firing raise nothing new.
    clock.advance(20_000);
    expect((await text(['ERROR gateway timeout again']).expect(202)).body.results).toEqual([]);

    // Less than a whole window since the last match (08:00:30): still firing.
    clock.advance(40_000);
    expect((await text(['INFO all good']).expect(202)).body.results).toEqual([]);

    clock.advance(21_000);
    const quiet = await ndjson([{ level: 'info', message: 'all good' }]).expect(202);
    expect(quiet.body.results).toEqual([expect.objectContaining({ outcome: 'resolved', alertId, incidentId })]);
    const cleared = await incidentEvent(detection, incidentId, 'SignalsCleared');
    expect(cleared.data).toMatchObject({ alertCount: 1, clearedAt: '2026-02-02T08:00:30.000Z' });
    expect((await detection.http().get(`/detection/alerts/${alertId}`).expect(200)).body).toMatchObject({ status: 'resolved', labels: { log_rule: 'gateway-timeouts', service: 'payments' } });
  });

  it('matches spread wider than the window raise nothing', async () => {
    clock.advance(3_600_000);
    for (let i = 0; i < 4; i++) {
      expect((await text(['ERROR gateway timeout']).expect(202)).body.results).toEqual([]);
      clock.advance(31_000);
    }
  });

  it('a JSON array is read as lines too', async () => {
    clock.advance(3_600_000);
    const response = await detection
      .http()
      .post(`/detection/integrations/logs/${key}`)
      .send([{ level: 'error', message: 'gateway timeout' }, { level: 'error', message: 'gateway timeout' }, { level: 'fatal', log: 'GATEWAY TIMEOUT' }])
      .expect(202);
    expect(response.body).toEqual({ received: 3, results: [expect.objectContaining({ outcome: 'opened' })] });
  });

  it('a JSON body that is neither lines nor an object of one line (a number, true, null) is a 400 naming `body`', async () => {
    for (const body of ['-115', 'true', 'null']) {
      const response = await detection.http().post(`/detection/integrations/logs/${key}`).set('content-type', 'application/json').send(body).expect(400);
      expect(response.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(response.body.errors).toEqual([{ field: 'body', reason: expect.stringContaining('array') }]);
    }
  });

  it('an unknown key, or a key of another kind, is a 404 problem', async () => {
    const other = await createIntegration(detection, { name: 'Prometheus', kind: 'alertmanager', service: 'payments' });
    for (const wrong of ['0'.repeat(32), other.key]) {
      const response = await detection.http().post(`/detection/integrations/logs/${wrong}`).set('content-type', 'text/plain').send('ERROR gateway timeout').expect(404);
      expect(response.headers['content-type']).toMatch(PROBLEM_JSON);
    }
  });
});
