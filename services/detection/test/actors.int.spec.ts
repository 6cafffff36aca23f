import { RecordedEvent } from '@linchpin/eventsourcing';
import { createIntegration, DetectionApp, startDetection } from './support/detection-app';

/*
 * Who each route records as the actor of what it stores, and that one request's facts share its
 * cause: the X-Actor header (else `api`) for the generic endpoint and configuration, the header
 * (else the reporter) for a user report, the integration for a sender's key.
 */
describe('the actor each route records (SQLite store, real HTTP)', () => {
  let detection: DetectionApp;

  beforeAll(async () => {
    detection = await startDetection();
  });
  afterAll(async () => detection?.close());

  /** Every event stored since `before` (a count of events), in log order. */
  const storedSince = async (before: number): Promise<RecordedEvent[]> => (await detection.allEvents()).slice(before);
  const count = async () => (await detection.allEvents()).length;
  /** The events one request stored: everything new on streams the request writes itself (the incident reactor writes on its own cause). */
  const ownFacts = (events: RecordedEvent[]) => events.filter((e) => !e.streamId.startsWith('detection-'));
  const actorsOf = (events: RecordedEvent[]) => [...new Set(events.map((e) => e.metadata.actor))];
  const causesOf = (events: RecordedEvent[]) => [...new Set(events.map((e) => e.metadata.causationId))];

  it.each<[string, Record<string, string>, string]>([
    ['without X-Actor: api', {}, 'api'],
    ['with X-Actor: the header, trimmed', { 'X-Actor': '  alice ' }, 'alice'],
    ['with a blank X-Actor: api', { 'X-Actor': '   ' }, 'api'],
  ])('a generic alert %s', async (_name, headers, actor) => {
    const before = await count();
    await detection.http().post('/detection/alerts').set(headers).send({ source: 'cron', summary: `backup failed (${actor})`, severity: 'error', labels: { job: `backup-${_name}` } }).expect(202);
    const stored = ownFacts(await storedSince(before));
    expect(stored.map((e) => e.type)).toEqual(['SignalReceived', 'AlertFired']);
    expect(actorsOf(stored)).toEqual([actor]);
    expect(causesOf(stored)).toHaveLength(1);
  });

  it.each<[string, Record<string, string>, string]>([
    ['without X-Actor: the reporter', {}, 'user:jane@example.com'],
    ['with a blank X-Actor: the reporter', { 'X-Actor': ' ' }, 'user:jane@example.com'],
    ['with X-Actor: the header (a portal reporting for someone)', { 'X-Actor': 'support-portal' }, 'support-portal'],
  ])('a user report %s', async (_name, headers, actor) => {
    const before = await count();
    await detection.http().post('/detection/reports').set(headers).send({ reporter: 'jane@example.com', description: `Checkout fails (${_name})`, service: 'checkout' }).expect(202);
    expect(actorsOf(ownFacts(await storedSince(before)))).toEqual([actor]);
  });

  it('a sender with a key: its integration, whatever X-Actor says', async () => {
    const { integrationId, key } = await createIntegration(detection, { name: 'Prometheus', kind: 'alertmanager', service: 'db' });
    const before = await count();
    await detection
      .http()
      .post(`/detection/integrations/alertmanager/${key}`)
      .set('X-Actor', 'mallory')
      .send({
        version: '4',
        groupKey: '{}:{alertname="DiskFull"}',
        status: 'firing',
        receiver: 'linchpin',
        alerts: [{ status: 'firing', labels: { alertname: 'DiskFull', instance: 'db-1' }, annotations: { summary: 'Disk full' }, startsAt: '2026-03-02T09:00:00Z', fingerprint: 'a1b2c3' }],
      })
      .expect(202);
    const stored = ownFacts(await storedSince(before));
    expect(stored.map((e) => e.type)).toEqual(['AlertGrouped', 'SignalReceived', 'AlertFired']);
    expect(actorsOf(stored)).toEqual([`integration:${integrationId}`]);
    expect(causesOf(stored)).toHaveLength(1);
  });

  it('a log batch: its integration, on the signals it raised and on the rules’ state', async () => {
    const rule = { id: 'oom', name: 'Out of memory', pattern: 'OOMKilled', threshold: 1, windowSeconds: 60, severity: 'critical' };
    const { integrationId, key } = await createIntegration(detection, { name: 'Vector', kind: 'logs', service: 'payments', logRules: [rule] });
    const before = await count();
    await detection.http().post(`/detection/integrations/logs/${key}`).set('content-type', 'text/plain').set('X-Actor', 'mallory').send('ERROR OOMKilled api-7').expect(202);
    const stored = ownFacts(await storedSince(before));
    expect(stored.map((e) => e.type)).toEqual(['SignalReceived', 'AlertFired', 'LogRulesEvaluated']);
    expect(actorsOf(stored)).toEqual([`integration:${integrationId}`]);
    expect(causesOf(stored)).toHaveLength(1);
  });

  it('configuration: the X-Actor header, else api', async () => {
    const before = await count();
    const created = await detection.http().post('/detection/integrations').set('X-Actor', 'bob').send({ name: 'Grafana', kind: 'grafana', service: 'web' }).expect(201);
    await detection.http().put(`/detection/integrations/${created.body.integrationId}/settings`).send({ rateLimitPerMinute: 60 }).expect(200);
    await detection.http().post(`/detection/integrations/${created.body.integrationId}/revoke`).set('X-Actor', 'carol').expect(200);
    const window = await detection
      .http()
      .post('/detection/maintenance-windows')
      .set('X-Actor', 'dave')
      .send({ name: 'db upgrade', startsAt: '2026-03-02T09:00:00Z', endsAt: '2026-03-02T10:00:00Z', services: ['db'] })
      .expect(201);
    await detection.http().post(`/detection/maintenance-windows/${window.body.windowId}/cancel`).expect(200);
    await detection.http().put('/detection/services/web/correlation').set('X-Actor', 'erin').send({ groupBy: ['cluster'], windowSeconds: 300 }).expect(200);
    const stored = await storedSince(before);
    expect(stored.map((e) => [e.type, e.metadata.actor])).toEqual([
      ['IntegrationCreated', 'bob'],
      ['IntegrationSettingsChanged', 'api'],
      ['IntegrationKeyRevoked', 'carol'],
      ['MaintenanceWindowScheduled', 'dave'],
      ['MaintenanceWindowCancelled', 'api'],
      ['CorrelationPolicySet', 'erin'],
    ]);
    // A change belongs to no incident: the request is its own correlation.
    for (const event of stored) expect(event.metadata.correlationId).toBe(event.metadata.causationId);
  });
});
