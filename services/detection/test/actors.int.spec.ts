import { RecordedEvent } from '@linchpin/eventsourcing';
import { generateApiToken } from '@linchpin/platform';
import { authorized } from '@linchpin/testing';
import { randomUUID } from 'node:crypto';
import { createIntegration, DetectionApp, startDetection } from './support/detection-app';

/*
 * Who each route records as the actor of what it stores, and that one request's facts share its
 * cause (issue 14): the bearer token's principal for the generic endpoint, user reports and
 * configuration (a person's token: `person:<id>`, another: `token:<id>`), never X-Actor; a report's
 * reporter is only "on behalf of" (metadata.onBehalfOf); the integration for a sender's key.
 */
const SENDER = generateApiToken();
const OPERATOR = generateApiToken();
const OPERATOR_ID = randomUUID();
describe('the actor each route records (SQLite store, real HTTP)', () => {
  let detection: DetectionApp;

  beforeAll(async () => {
    detection = await startDetection({
      apiTokens: {
        [SENDER]: { tokenId: 'tok-alerting', name: 'alerting', roles: ['sender'] },
        [OPERATOR]: { tokenId: 'tok-bob', name: 'bob', roles: ['admin'], personId: OPERATOR_ID },
      },
    });
  });
  afterAll(async () => detection?.close());

  /** Every event stored since `before` (a count of events), in log order. */
  const storedSince = async (before: number): Promise<RecordedEvent[]> => (await detection.allEvents()).slice(before);
  const count = async () => (await detection.allEvents()).length;
  /** The events one request stored: everything new on streams the request writes itself (the incident reactor writes on its own cause). */
  const ownFacts = (events: RecordedEvent[]) => events.filter((e) => !e.streamId.startsWith('detection-'));
  const actorsOf = (events: RecordedEvent[]) => [...new Set(events.map((e) => e.metadata.actor))];
  const causesOf = (events: RecordedEvent[]) => [...new Set(events.map((e) => e.metadata.causationId))];

  const as = (token: string) => authorized(detection.app.getHttpServer(), token);

  it.each<[string, string, string]>([
    ['a sender token: the token', SENDER, 'token:tok-alerting'],
    ['the admin token: admin', '', 'admin'],
  ])('a generic alert with %s, whatever X-Actor says', async (_name, token, actor) => {
    const before = await count();
    await (token ? as(token) : detection.http())
      .post('/detection/alerts')
      .set('X-Actor', 'mallory')
      .send({ source: 'cron', summary: `backup failed (${actor})`, severity: 'error', labels: { job: `backup-${_name}` } })
      .expect(202);
    const stored = ownFacts(await storedSince(before));
    expect(stored.map((e) => e.type)).toEqual(['SignalReceived', 'AlertFired']);
    expect(actorsOf(stored)).toEqual([actor]);
    expect(causesOf(stored)).toHaveLength(1);
  });

  it('a user report: the sender token, on behalf of the reporter', async () => {
    const before = await count();
    await as(SENDER).post('/detection/reports').set('X-Actor', 'support-portal').send({ reporter: 'jane@example.com', description: 'Checkout fails', service: 'checkout' }).expect(202);
    const stored = ownFacts(await storedSince(before));
    expect(actorsOf(stored)).toEqual(['token:tok-alerting']);
    expect([...new Set(stored.map((e) => e.metadata.onBehalfOf))]).toEqual(['user:jane@example.com']);
  });

  it('signals need the sender role: no token 401; a sender-only token cannot read', async () => {
    await detection.httpAs(null).post('/detection/alerts').send({ source: 'cron', summary: 'x', severity: 'error' }).expect(401);
    await detection.httpAs(null).post('/detection/reports').send({ reporter: 'jane@example.com', description: 'x', service: 'checkout' }).expect(401);
    await as(SENDER).get('/detection/integrations').expect(403);
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

  it("configuration: the token's principal (a person's token: the person), never X-Actor", async () => {
    const person = `person:${OPERATOR_ID}`;
    const before = await count();
    const created = await as(OPERATOR).post('/detection/integrations').set('X-Actor', 'bob').send({ name: 'Grafana', kind: 'grafana', service: 'web' }).expect(201);
    await detection.http().put(`/detection/integrations/${created.body.integrationId}/settings`).send({ rateLimitPerMinute: 60 }).expect(200);
    await as(OPERATOR).post(`/detection/integrations/${created.body.integrationId}/revoke`).set('X-Actor', 'carol').expect(200);
    const window = await as(OPERATOR)
      .post('/detection/maintenance-windows')
      .send({ name: 'db upgrade', startsAt: '2026-03-02T09:00:00Z', endsAt: '2026-03-02T10:00:00Z', services: ['db'] })
      .expect(201);
    await detection.http().post(`/detection/maintenance-windows/${window.body.windowId}/cancel`).expect(200);
    await as(OPERATOR).put('/detection/services/web/correlation').send({ groupBy: ['cluster'], windowSeconds: 300 }).expect(200);
    await as(SENDER).put('/detection/services/web/correlation').send({ groupBy: ['cluster'], windowSeconds: 60 }).expect(403);
    const stored = await storedSince(before);
    expect(stored.map((e) => [e.type, e.metadata.actor])).toEqual([
      ['IntegrationCreated', person],
      ['IntegrationSettingsChanged', 'admin'],
      ['IntegrationKeyRevoked', person],
      ['MaintenanceWindowScheduled', person],
      ['MaintenanceWindowCancelled', 'admin'],
      ['CorrelationPolicySet', person],
    ]);
    // A change belongs to no incident: the request is its own correlation.
    for (const event of stored) expect(event.metadata.correlationId).toBe(event.metadata.causationId);
  });
});
