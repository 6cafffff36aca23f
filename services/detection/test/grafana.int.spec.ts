import { ManualClock } from '@linchpin/eventsourcing';
import { eventually } from '@linchpin/testing';
import { grafanaExample } from './fixtures/documented-examples';
import { createIntegration, DetectionApp, incidentEvent, PROBLEM_JSON, startDetection } from './support/detection-app';


/** The same group once both alerts resolved, as Grafana sends it (send resolved is on by default). */
const resolvedExample = () => {
  const payload = grafanaExample();
  payload.status = 'resolved';
  payload.state = 'ok';
  payload.alerts = payload.alerts.map((a, i) => ({ ...a, status: 'resolved', endsAt: `2021-10-12T10:1${i}:03.157076+02:00` }));
  return payload;
};

describe('Grafana alerting webhook over HTTP (SQLite store)', () => {
  const clock = new ManualClock('2026-05-04T12:00:00.000Z');
  let detection: DetectionApp;

  beforeAll(async () => {
    detection = await startDetection({ clock });
  });
  afterAll(async () => detection?.close());

  const send = (key: string, body: object) => detection.http().post(`/detection/integrations/grafana/${key}`).send(body);
  const newIntegration = () => createIntegration(detection, { name: 'Grafana', kind: 'grafana', service: 'platform' });

  it("Grafana's example opens one incident for its group, keeping values, links and the sender's times", async () => {
    const { key } = await newIntegration();
    const response = await send(key, grafanaExample()).expect(202);
    expect(response.body.received).toBe(2);
    const [memory, cpu] = response.body.results;
    expect([memory.outcome, cpu.outcome]).toEqual(['opened', 'grouped']);
    expect(cpu.incidentId).toBe(memory.incidentId);

    const detected = await incidentEvent(detection, memory.incidentId, 'IncidentDetected');
    // First-signal time is Grafana's startsAt (in UTC), kept apart from when Linchpin recorded it.
    expect(detected.data).toMatchObject({ title: 'This alert was triggered for zone us-1', service: 'platform', firstSignalAt: '2021-10-12T07:51:03.157Z' });
    const assessed = await eventually('the assessment of both alerts', async () => {
      const events = (await detection.incidentEvents(memory.incidentId)).filter((e) => e.type === 'IncidentAssessed');
      const last = events[events.length - 1]?.data as { alertCount: number; firstSignalAt: string; detectedAt: string } | undefined;
      return last?.alertCount === 2 ? last : undefined;
    });
    expect(assessed.firstSignalAt).toBe('2021-10-12T07:51:03.157Z');
    expect(assessed.detectedAt).toBe('2026-05-04T12:00:00.000Z');

    const fired = (await detection.store.readAll({ filter: { streamPrefixes: ['alert-'] } })).find(
      (e) => e.type === 'AlertFired' && (e.data as { alertId: string }).alertId === memory.alertId,
    );
    expect(fired?.data).toMatchObject({
      sender: 'grafana',
      severity: 'error',
      labels: { alertname: 'High memory usage', team: 'blue', zone: 'us-1', service: 'platform' },
      details: { B: 44.23943737541908, C: 1 },
      links: expect.arrayContaining([
        { href: 'https://play.grafana.org/alerting/1afz29v7z/edit', text: 'Alert rule' },
        expect.objectContaining({ text: 'Silence', href: expect.stringContaining('/alerting/silence/new') }),
      ]),
    });
    const explained = (await detection.http().get(`/detection/alerts/${cpu.alertId}/explain`).expect(200)).body;
    expect(explained.signals[0]).toMatchObject({ outcome: 'grouped', grouping: { ruleId: 'sender-group', ruleVersion: 1 } });
    expect(JSON.parse(explained.signals[0].raw)).toMatchObject({ orgId: 1, alerts: [{ fingerprint: 'bc97ff14869b13e3', values: { B: 44.23943737541908, C: 1 } }] });
  });

  it('the re-sent group deduplicates; the resolved group clears the incident', async () => {
    const { key } = await newIntegration();
    const first = (await send(key, grafanaExample()).expect(202)).body.results;
    const again = (await send(key, grafanaExample()).expect(202)).body.results;
    expect(again.map((r: { outcome: string }) => r.outcome)).toEqual(['deduplicated', 'deduplicated']);
    expect(again.map((r: { incidentId: string }) => r.incidentId)).toEqual([first[0].incidentId, first[0].incidentId]);

    const resolved = (await send(key, resolvedExample()).expect(202)).body.results;
    expect(resolved.map((r: { outcome: string }) => r.outcome)).toEqual(['resolved', 'resolved']);
    const cleared = await incidentEvent(detection, first[0].incidentId, 'SignalsCleared');
    expect(cleared.data).toMatchObject({ alertCount: 2, clearedAt: '2021-10-12T08:11:03.157Z' });
    const detected = (await detection.incidentEvents(first[0].incidentId)).filter((e) => e.type === 'IncidentDetected');
    expect(detected).toHaveLength(1);
  });

  it('values that are not an object: 400 problem naming the field, nothing stored', async () => {
    const { key } = await newIntegration();
    const payload = grafanaExample();
    (payload.alerts[1] as Record<string, unknown>).values = '44.2';
    const before = (await detection.store.readAll({ filter: { streamPrefixes: ['alert'] } })).length;
    const response = await send(key, payload).expect(400);
    expect(response.headers['content-type']).toMatch(PROBLEM_JSON);
    expect(response.body.errors).toEqual([{ field: 'alerts[1].values', reason: 'must be an object' }]);
    expect(await detection.store.readAll({ filter: { streamPrefixes: ['alert'] } })).toHaveLength(before);
  });

  it('an Alertmanager key on the Grafana path is a 404 problem', async () => {
    const { key } = await createIntegration(detection, { name: 'Prometheus', kind: 'alertmanager', service: 'platform' });
    const response = await send(key, grafanaExample()).expect(404);
    expect(response.headers['content-type']).toMatch(PROBLEM_JSON);
  });
});
