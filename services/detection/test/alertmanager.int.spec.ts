import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RecordedEvent } from '@linchpin/eventsourcing';
import { eventually } from '@linchpin/testing';
import { createIntegration, DetectionApp, incidentEvent, PROBLEM_JSON, startDetection } from './support/detection-app';

/**
 * What a real Prometheus Alertmanager posts to a webhook receiver (payload version "4"), captured
 * from the installed binary by libs/testing: alert checkout-1 firing and checkout-2 resolved, in
 * one group. Variants below change only what Alertmanager itself changes between notifications.
 */
type Payload = { alerts: Array<Record<string, unknown> & { status: string; endsAt: string; fingerprint: string }> } & Record<string, unknown>;
const captured = (): Payload => JSON.parse(readFileSync(join(__dirname, '../../../libs/testing/src/fixtures/alertmanager-webhook.json'), 'utf8'));
const GO_ZERO_TIME = '0001-01-01T00:00:00Z';

/** The captured group with every alert firing (what Alertmanager sent before checkout-2 resolved). */
const bothFiring = (): Payload => {
  const payload = captured();
  payload.alerts = payload.alerts.map((a) => ({ ...a, status: 'firing', endsAt: GO_ZERO_TIME }));
  return payload;
};
/** The group once every alert has resolved. */
const allResolved = (): Payload => {
  const payload = captured();
  payload.status = 'resolved';
  payload.alerts = payload.alerts.map((a, i) => ({ ...a, status: 'resolved', endsAt: `2026-11-26T18:0${4 + i}:01.155Z` }));
  return payload;
};

interface Outcome {
  alertId: string | null;
  incidentId: string | null;
  outcome: string;
  reason: string;
}

describe('Alertmanager webhook over HTTP (SQLite store)', () => {
  let detection: DetectionApp;

  beforeAll(async () => {
    detection = await startDetection();
  });
  afterAll(async () => detection?.close());

  const send = async (key: string, body: unknown): Promise<Outcome[]> => {
    const response = await detection.http().post(`/detection/integrations/alertmanager/${key}`).send(body as object).expect(202);
    expect(response.body.received).toBe(response.body.results.length);
    return response.body.results;
  };
  const newIntegration = () => createIntegration(detection, { name: 'Prometheus', kind: 'alertmanager', service: 'checkout' });
  const detectedOf = async (incidentId: string): Promise<RecordedEvent[]> => (await detection.incidentEvents(incidentId)).filter((e) => e.type === 'IncidentDetected');

  it('a group of two firing alerts opens one incident (rule sender-group); re-sending it deduplicates', async () => {
    const { key } = await newIntegration();
    const first = await send(key, bothFiring());
    expect(first.map((r) => r.outcome)).toEqual(['opened', 'grouped']);
    const incidentId = first[0].incidentId!;
    expect(first[1].incidentId).toBe(incidentId);
    expect(first[0].alertId).not.toBe(first[1].alertId);

    await eventually('both alerts to join the incident', async () => {
      const joined = (await detection.incidentEvents(incidentId)).filter((e) => e.type === 'AlertJoinedIncident');
      return joined.length === 2 ? joined : undefined;
    });
    expect(await detectedOf(incidentId)).toHaveLength(1);

    // Alertmanager re-sends the whole group at every group_interval.
    const again = await send(key, bothFiring());
    expect(again.map((r) => r.outcome)).toEqual(['deduplicated', 'deduplicated']);
    expect(again.map((r) => [r.alertId, r.incidentId])).toEqual(first.map((r) => [r.alertId, r.incidentId]));
    const alerts = (await detection.http().get(`/detection/incidents/${incidentId}/alerts`).expect(200)).body.alerts;
    expect(alerts.map((a: { occurrences: number; status: string }) => [a.occurrences, a.status])).toEqual([
      [2, 'firing'],
      [2, 'firing'],
    ]);
    expect(alerts[0]).toMatchObject({ summary: 'Checkout error rate above 5% on checkout-1', severity: 'critical', source: 'checkout-1', startsAt: '2026-11-26T18:03:02.032Z' });

    const opened = await detection.incidentEvents(incidentId);
    expect(opened.filter((e) => e.type === 'IncidentDetected')).toHaveLength(1);
    expect(opened.find((e) => e.type === 'IncidentDetected')!.data).toMatchObject({ incidentId, service: 'checkout', firstSignalAt: '2026-11-26T18:03:02.032Z' });
  });

  it('explain shows the second alert grouped by rule sender-group v1, fingerprinted by the sender', async () => {
    const { key, integrationId } = await newIntegration();
    const [opened, grouped] = await send(key, bothFiring());

    const explained = (await detection.http().get(`/detection/alerts/${grouped.alertId}/explain`).expect(200)).body;
    expect(explained).toMatchObject({
      alertId: grouped.alertId,
      incidentId: opened.incidentId,
      status: 'firing',
      sender: 'alertmanager',
      integrationId,
      fingerprintFrom: 'sender-key',
      explanation: expect.stringContaining('by rule sender-group v1'),
    });
    expect(explained.signals).toHaveLength(1);
    expect(explained.signals[0]).toMatchObject({ outcome: 'grouped', incidentId: opened.incidentId, grouping: { ruleId: 'sender-group', ruleVersion: 1, opened: false } });
    // The raw payload is kept with the signal: this alert inside its group's envelope.
    const raw = JSON.parse(explained.signals[0].raw);
    expect(raw).toMatchObject({ version: '4', groupKey: captured().groupKey, alerts: [{ fingerprint: 'd1ed38e55b38e745' }] });

    const first = (await detection.http().get(`/detection/alerts/${opened.alertId}/explain`).expect(200)).body;
    expect(first.signals[0]).toMatchObject({ outcome: 'opened', grouping: { ruleId: 'sender-group', ruleVersion: 1, opened: true } });
  });

  it('a mixed payload fires one and resolves the other; SignalsCleared once every alert has resolved', async () => {
    const { key } = await newIntegration();
    const [one, two] = await send(key, bothFiring());
    const incidentId = one.incidentId!;

    const mixed = await send(key, captured());
    expect(mixed.map((r) => r.outcome)).toEqual(['deduplicated', 'resolved']);
    expect(mixed[1]).toMatchObject({ alertId: two.alertId, incidentId });
    const partly = await incidentEvent(detection, incidentId, 'IncidentAlertResolved');
    expect(partly.data).toMatchObject({ alertId: two.alertId, endsAt: '2026-11-26T18:04:01.155Z', stillFiring: 1 });
    expect((await detection.incidentEvents(incidentId)).map((e) => e.type)).not.toContain('SignalsCleared');

    const resolved = await send(key, allResolved());
    expect(resolved.map((r) => r.outcome)).toEqual(['resolved', 'ignored']);
    const cleared = await incidentEvent(detection, incidentId, 'SignalsCleared');
    expect(cleared.data).toMatchObject({ incidentId, alertCount: 2, clearedAt: '2026-11-26T18:04:01.155Z' });
    const view = (await detection.http().get(`/detection/alerts/${two.alertId}`).expect(200)).body;
    expect(view).toMatchObject({ status: 'resolved', endsAt: '2026-11-26T18:04:01.155Z' });
  });

  it('the captured payload alone opens checkout-1 and records that checkout-2 had nothing to resolve', async () => {
    const { key } = await newIntegration();
    const [fired, resolved] = await send(key, captured());
    expect(fired).toMatchObject({ outcome: 'opened', alertId: expect.any(String), incidentId: expect.any(String) });
    expect(resolved).toMatchObject({ outcome: 'ignored', alertId: null, incidentId: null, reason: expect.stringContaining('nothing is firing') });
  });

  it('unknown fields, in the envelope and in an alert, are accepted and kept in the raw payload', async () => {
    const { key } = await newIntegration();
    const payload = bothFiring();
    payload.futureEnvelopeField = { anything: [1, 2] };
    payload.alerts[0].futureAlertField = 'kept';
    payload.version = '5';
    const [result] = await send(key, payload);
    expect(result.outcome).toBe('opened');
    const raw = JSON.parse((await detection.http().get(`/detection/alerts/${result.alertId}/explain`).expect(200)).body.signals[0].raw);
    expect(raw).toMatchObject({ futureEnvelopeField: { anything: [1, 2] }, alerts: [{ futureAlertField: 'kept' }] });
  });
});

describe('malformed Alertmanager payloads (SQLite store)', () => {
  let detection: DetectionApp;
  let key: string;

  beforeAll(async () => {
    detection = await startDetection();
    ({ key } = await createIntegration(detection, { name: 'Prometheus', kind: 'alertmanager', service: 'checkout' }));
  });
  afterAll(async () => detection?.close());

  const withAlert = (index: number, change: Record<string, unknown>): Payload => {
    const payload = bothFiring();
    payload.alerts[index] = { ...payload.alerts[index], ...change };
    return payload;
  };

  it.each([
    ['an array for a body', [], 'body'],
    ['no alerts', (({ alerts: _a, ...rest }) => rest)(bothFiring()), 'alerts'],
    ['alerts that is an object', { ...bothFiring(), alerts: {} }, 'alerts'],
    ['an alert that is a string', { ...bothFiring(), alerts: [bothFiring().alerts[0], 'firing'] }, 'alerts[1]'],
    ['an unknown status on the second alert', withAlert(1, { status: 'pending' }), 'alerts[1].status'],
    ['a label that is not a string', withAlert(0, { labels: { alertname: 'HighErrorRate', replicas: 3 } }), 'alerts[0].labels.replicas'],
    ['a startsAt that is not a time', withAlert(1, { startsAt: 'yesterday' }), 'alerts[1].startsAt'],
    ['a fingerprint that is a number', withAlert(0, { fingerprint: 42 }), 'alerts[0].fingerprint'],
  ])('%s: 400 problem naming the field, nothing stored', async (_case, body, field) => {
    const before = (await detection.allEvents()).length;
    const response = await detection.http().post(`/detection/integrations/alertmanager/${key}`).send(body as object).expect(400);
    expect(response.headers['content-type']).toMatch(PROBLEM_JSON);
    expect(response.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    expect(response.body.detail).toContain(field);
    expect(await detection.allEvents()).toHaveLength(before);
  });

  it('a body that is not JSON: 400 problem, nothing stored', async () => {
    const before = (await detection.allEvents()).length;
    const response = await detection
      .http()
      .post(`/detection/integrations/alertmanager/${key}`)
      .set('content-type', 'application/json')
      .send('{"alerts": [')
      .expect(400);
    expect(response.headers['content-type']).toMatch(PROBLEM_JSON);
    expect(await detection.allEvents()).toHaveLength(before);
  });
});
