import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock, RecordedEvent, topicOf } from '@linchpin/eventsourcing';
import { generateApiToken } from '@linchpin/platform';
import { ServiceApp, startServiceApp } from '@linchpin/service-testing';
import { authorized, eventually } from '@linchpin/testing';
import request from 'supertest';
import { DETECTION_SERVICE, DetectionModule } from '../src';
import { ansibleChangeExample, pagerDutyChangeExample, pagerDutyTriggerExample } from './fixtures/documented-examples';
import { createIntegration, DetectionApp, PROBLEM_JSON, startDetection } from './support/detection-app';

/*
 * PagerDuty's Change Events API (`POST /v2/change/enqueue`, and its copy under `/detection`) as its
 * clients use it, and the read of what was recorded (`GET /detection/changes`): a change is a fact of
 * the integration's service, context for responders; it opens no incident and pages nobody.
 */
const PATHS = ['/v2/change/enqueue', '/detection/v2/change/enqueue'];
const VIEWER = generateApiToken();
const SENDER = generateApiToken();
const INVALID_KEY = "'routing_key' is invalid (unknown or revoked integration key)";

const changesIn = (events: RecordedEvent[]) => events.filter((e) => e.type === 'ChangeRecorded');

describe("PagerDuty's Change Events API over HTTP (SQLite store)", () => {
  // The rate limiter reads this clock: the limit is tested by moving it, never by waiting.
  const clock = new ManualClock('2026-03-01T09:00:00.000Z');
  let detection: DetectionApp;

  beforeAll(async () => {
    detection = await startDetection({
      clock,
      observe: [topicOf('detection')],
      apiTokens: {
        [VIEWER]: { tokenId: 'tok-viewer', name: 'responder on call', roles: ['viewer'] },
        [SENDER]: { tokenId: 'tok-sender', name: 'deploy pipeline', roles: ['sender'] },
      },
    });
  });
  afterAll(async () => detection?.close());

  const newIntegration = (extra: object = {}) => createIntegration(detection, { name: 'CI pipeline', kind: 'pagerduty', service: 'checkout', ...extra });
  const changesOf = async (integrationId: string) =>
    changesIn(await detection.allEvents()).filter((e) => (e.data as { integrationId: string }).integrationId === integrationId);
  const list = (query: Record<string, string | number>) => authorized(detection.app.getHttpServer(), VIEWER).get('/detection/changes').query(query);

  it.each(PATHS)("%s: PagerDuty's example answers 202 as PagerDuty does, and is recorded as a change of the integration's service", async (path) => {
    const { key, integrationId } = await newIntegration();
    const response = await detection.http().post(path).send(pagerDutyChangeExample(key)).expect(202);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.body).toEqual({ status: 'success', message: 'Change event processed' });

    const [recorded, ...more] = await changesOf(integrationId);
    expect(more).toEqual([]);
    expect(recorded.streamId).toBe(`change-${(recorded.data as { changeId: string }).changeId}`);
    expect(recorded.data).toEqual({
      changeId: expect.any(String),
      integrationId,
      services: ['checkout'],
      summary: 'Build Success: Increase snapshot create timeout to 30 seconds',
      timestamp: '2020-07-17T08:42:58.315Z',
      receivedAt: '2026-03-01T09:00:00.000Z',
      source: 'acme-build-pipeline-tool-default-i-9999',
      customDetails: '{"build_state":"passed","build_number":"2","run_time":"1236s"}',
      customDetailsTruncated: false,
      links: [{ href: 'https://acme.pagerduty.dev/build/2', text: 'View more details in Acme!' }],
    });
    expect(recorded.metadata).toMatchObject({ actor: `integration:${integrationId}` });
    expect(recorded.metadata.incidentId).toBeUndefined();
    // The routing key is the integration's secret: never kept with the change.
    expect(JSON.stringify(await detection.allEvents())).not.toContain(key);
  });

  it('is published on detection\'s topic, and opens no incident: nothing but the change is stored, no alert, no incident stream', async () => {
    const { key, integrationId } = await newIntegration();
    const before = (await detection.allEvents()).length;
    await detection.http().post('/v2/change/enqueue').send(ansibleChangeExample(key)).expect(202);
    // Once the relay has published it, every group of the process (the incident reactor among them) has had it.
    const published = await eventually('the change on linchpin.detection.events', () =>
      detection.published.find((e) => e.type === 'ChangeRecorded' && (e.data as { integrationId: string }).integrationId === integrationId),
    );
    expect(published.metadata.incidentId).toBeUndefined();
    const stored = (await detection.allEvents()).slice(before);
    expect(stored.map((e) => e.type)).toEqual(['ChangeRecorded']);
    expect((await detection.allEvents()).filter((e) => e.streamId.startsWith('alert-') || e.streamId.startsWith('detection-'))).toEqual([]);
  });

  it("takes what Ansible's pagerduty_change sends, and answers its check mode (an empty POST) with PagerDuty's 400", async () => {
    const { key, integrationId } = await newIntegration();
    await detection.http().post('/v2/change/enqueue').send(ansibleChangeExample(key)).expect(202);
    const [recorded] = await changesOf(integrationId);
    expect(recorded.data).toMatchObject({ source: 'Ansible', timestamp: '2026-03-01T08:59:30.123Z', links: [{ href: 'https://ci.example.com/deploys/481', text: 'Deploy log' }] });

    // `ansible-playbook --check` posts no body with Content-Type application/json and expects a 400.
    const checked = await detection.http().post('/v2/change/enqueue').set('content-type', 'application/json').expect(400);
    expect(checked.body).toMatchObject({ status: 'invalid event', message: 'Event object is invalid' });
  });

  describe("refusals, in PagerDuty's format, nothing stored", () => {
    const refusedOn = async (path: string, body: unknown, errors: unknown[]) => {
      const before = (await detection.allEvents()).length;
      const response = await detection.http().post(path).send(body as object).expect(400);
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      expect(response.body).toEqual({ status: 'invalid event', message: 'Event object is invalid', errors });
      expect(await detection.allEvents()).toHaveLength(before);
    };

    it.each(PATHS)('%s: an unknown routing key, a revoked one, or the key of another kind of integration: 400 as the alert route answers', async (path) => {
      await refusedOn(path, pagerDutyChangeExample('0123456789abcdef0123456789abcdef'), [INVALID_KEY]);
      const revoked = await newIntegration();
      await detection.http().post(`/detection/integrations/${revoked.integrationId}/revoke`).send({}).expect(200);
      await refusedOn(path, pagerDutyChangeExample(revoked.key), [INVALID_KEY]);
      const alertmanager = await createIntegration(detection, { name: 'Prometheus', kind: 'alertmanager', service: 'checkout' });
      await refusedOn(path, pagerDutyChangeExample(alertmanager.key), [INVALID_KEY]);
      // The alert route says the same of the same key.
      const alert = await detection.http().post('/v2/enqueue').send(pagerDutyTriggerExample(revoked.key)).expect(400);
      expect(alert.body.errors).toEqual([INVALID_KEY]);
    });

    it.each(PATHS)('%s: a change without summary names it', async (path) => {
      const { key } = await newIntegration();
      const body = pagerDutyChangeExample(key);
      delete (body.payload as Record<string, unknown>).summary;
      await refusedOn(path, body, ["'payload.summary' is missing or blank"]);
      await refusedOn(path, { routing_key: key }, ["'payload.summary' is missing or blank"]);
    });

    it('names every failing field at once, the bounds included', async () => {
      const { key } = await newIntegration();
      await refusedOn('/v2/change/enqueue', { routing_key: key, payload: { summary: 'x'.repeat(1025), timestamp: 'soon' }, links: [{ text: 'no href' }] }, [
        "'payload.summary' is too long (must be at most 1024 characters)",
        "'payload.timestamp' is invalid (must be an ISO 8601 timestamp)",
        "'links[0].href' is missing or blank",
      ]);
      await refusedOn('/v2/change/enqueue', {}, ["'routing_key' cannot be blank", "'payload.summary' is missing or blank"]);
    });

    it('a body that is not JSON: still PagerDuty\'s 400', async () => {
      for (const path of PATHS) {
        const response = await detection.http().post(path).set('content-type', 'application/json').send('{"routing_key": ').expect(400);
        expect(response.headers['content-type']).toMatch(/^application\/json/);
        expect(response.body).toEqual({ status: 'invalid event', message: 'Event object is invalid', errors: [expect.stringContaining('not valid JSON')] });
      }
    });

    it('another method than POST: 405 with Allow: POST, in PagerDuty\'s format', async () => {
      for (const path of PATHS) {
        for (const method of ['get', 'put', 'delete'] as const) {
          const response = await detection.http()[method](path).expect(405);
          expect(response.headers.allow).toBe('POST');
          expect(response.body).toMatchObject({ status: 'invalid event', errors: [expect.stringContaining('takes POST')] });
        }
      }
    });
  });

  it('a retried POST with the same Idempotency-Key records nothing new, on either path; another key records another change', async () => {
    const { key, integrationId } = await newIntegration();
    const body = pagerDutyChangeExample(key);
    const first = await detection.http().post('/v2/change/enqueue').set('Idempotency-Key', 'deploy-481').send(body).expect(202);
    const retried = await detection.http().post('/v2/change/enqueue').set('Idempotency-Key', 'deploy-481').send(body).expect(202);
    expect(retried.headers['idempotent-replayed']).toBe('true');
    expect(retried.body).toEqual(first.body);
    // The other path is not in the replay cache (it is per path): the change's id, named after the key, finds it recorded.
    await detection.http().post('/detection/v2/change/enqueue').set('Idempotency-Key', 'deploy-481').send(body).expect(202);
    expect(await changesOf(integrationId)).toHaveLength(1);

    await detection.http().post('/v2/change/enqueue').set('Idempotency-Key', 'deploy-482').send(body).expect(202);
    await detection.http().post('/v2/change/enqueue').send(body).expect(202);
    expect(await changesOf(integrationId)).toHaveLength(3);
  });

  it("over the integration's rate limit (shared with its alerts): PagerDuty's 429, nothing stored; accepted again a minute later", async () => {
    const { key, integrationId } = await newIntegration({ rateLimitPerMinute: 2 });
    await detection.http().post('/v2/enqueue').send(pagerDutyTriggerExample(key, 'deploy-alert')).expect(202);
    await detection.http().post('/v2/change/enqueue').send(pagerDutyChangeExample(key)).expect(202);
    const throttled = await detection.http().post('/v2/change/enqueue').send(pagerDutyChangeExample(key)).expect(429);
    expect(throttled.body).toEqual({ status: 'throttle event', message: 'Requests for this integration are arriving too quickly. Please retry later.' });
    expect(await changesOf(integrationId)).toHaveLength(1);

    clock.advance(60_000);
    await detection.http().post('/v2/change/enqueue').send(pagerDutyChangeExample(key)).expect(202);
    expect(await changesOf(integrationId)).toHaveLength(2);
  });

  it('keeps custom details as JSON text up to 16 KiB and says when it cut them', async () => {
    const { key } = await createIntegration(detection, { name: 'Verbose CI', kind: 'pagerduty', service: 'verbose-ci' });
    await detection.http().post('/v2/change/enqueue').send({ routing_key: key, payload: { summary: 'Build with a long log', custom_details: { log: 'x'.repeat(20_000) } } }).expect(202);
    const [change] = (await list({ service: 'verbose-ci' }).expect(200)).body.items;
    expect(change).toMatchObject({ customDetailsTruncated: true, timestamp: null, source: null, links: [] });
    expect(change.customDetails).toHaveLength(16 * 1024);
    expect(change.customDetails.startsWith('{"log":"xxx')).toBe(true);
  });

  describe('POST /detection/changes: a change reported by a sender with an API token, naming its services', () => {
    const report = (body: unknown, headers: Record<string, string> = {}) => authorized(detection.app.getHttpServer(), SENDER).post('/detection/changes').set(headers).send(body as object);

    it('records ChangeRecorded v2 with every service, no integration, the token as actor, the timestamp as UTC; the list shows it under each service', async () => {
      const body = {
        services: ['ledger-db', 'billing', 'ledger-db'],
        summary: 'Migrate ledger schema to v42',
        timestamp: '2026-03-01T09:30:00+01:00',
        source: 'github-actions',
        customDetails: { revision: 'f00ba4', environment: 'production' },
        links: [{ href: 'https://ci.example.com/runs/77', text: 'Run 77' }, { href: 'https://ci.example.com/diff/77' }],
      };
      const { changeId } = (await report(body).expect(202)).body;
      expect(changeId).toMatch(/^[0-9a-f-]{36}$/);
      const [stored] = changesIn(await detection.allEvents()).filter((e) => (e.data as { changeId: string }).changeId === changeId);
      expect(stored).toMatchObject({ type: 'ChangeRecorded', schemaVersion: 2, streamId: `change-${changeId}` });
      expect(stored.data).toEqual({
        changeId,
        integrationId: null,
        services: ['ledger-db', 'billing'],
        summary: 'Migrate ledger schema to v42',
        timestamp: '2026-03-01T08:30:00.000Z',
        receivedAt: expect.any(String),
        source: 'github-actions',
        customDetails: '{"revision":"f00ba4","environment":"production"}',
        customDetailsTruncated: false,
        links: [{ href: 'https://ci.example.com/runs/77', text: 'Run 77' }, { href: 'https://ci.example.com/diff/77' }],
      });
      expect(stored.metadata.actor).toContain('tok-sender');
      expect(stored.metadata.incidentId).toBeUndefined();
      for (const service of ['ledger-db', 'BILLING']) {
        const [listed] = (await list({ service }).expect(200)).body.items;
        expect(listed).toMatchObject({ changeId, service: 'ledger-db', services: ['ledger-db', 'billing'], integrationId: null, at: '2026-03-01T08:30:00.000Z' });
      }
    });

    it('a retry with the same Idempotency-Key records nothing new', async () => {
      const body = { services: ['retry-svc'], summary: 'Flip flag new-checkout' };
      const first = (await report(body, { 'idempotency-key': 'flag-flip-1' }).expect(202)).body;
      const again = (await report(body, { 'idempotency-key': 'flag-flip-1' }).expect(202)).body;
      expect(again).toEqual(first);
      expect((await list({ service: 'retry-svc' }).expect(200)).body.items).toHaveLength(1);
    });

    it('refuses bad input with a 400 problem naming the field, stores nothing; needs a sender', async () => {
      const good = { services: ['checkout'], summary: 'Deploy' };
      for (const [body, field] of [
        [{ summary: 'Deploy' }, 'services'],
        [{ ...good, services: [] }, 'services'],
        [{ ...good, services: ['  '] }, 'services'],
        [{ ...good, services: Array.from({ length: 21 }, (_, i) => `s${i}`) }, 'services'],
        [{ services: ['checkout'] }, 'summary'],
        [{ ...good, summary: 'x'.repeat(1025) }, 'summary'],
        // Counted as ChangeRecorded's contract counts (UTF-16 units): 513 emoji are 1026, not 513.
        [{ ...good, summary: '😀'.repeat(513) }, 'summary'],
        [{ ...good, source: '😀'.repeat(513) }, 'source'],
        [{ ...good, services: ['😀'.repeat(101)] }, 'services'],
        [{ ...good, links: [{ href: 'https://x', text: '😀'.repeat(513) }] }, 'links.0.text'],
        [{ ...good, timestamp: '2026-03-01T09:30:00' }, 'timestamp'],
        [{ ...good, timestamp: 'yesterday' }, 'timestamp'],
        [{ ...good, timestamp: '2026-02-30T10:00:00Z' }, 'timestamp'],
        [{ ...good, customDetails: 'text' }, 'customDetails'],
        [{ ...good, links: [{ text: 'no href' }] }, 'links.0.href'],
        [{ ...good, links: Array.from({ length: 51 }, () => ({ href: 'https://x' })) }, 'links'],
      ] as const) {
        const before = (await detection.allEvents()).length;
        const response = await report(body).expect(400);
        expect(response.headers['content-type']).toMatch(PROBLEM_JSON);
        expect(response.body.errors.map((e: { field: string }) => e.field)).toContain(field);
        expect(await detection.allEvents()).toHaveLength(before);
      }
      // At the limit in UTF-16 units: taken.
      await report({ ...good, summary: '😀'.repeat(512) }).expect(202);
      await request(detection.app.getHttpServer()).post('/detection/changes').send(good).expect(401);
      await authorized(detection.app.getHttpServer(), VIEWER).post('/detection/changes').send(good).expect(403);
    });
  });

  describe('GET /detection/changes: recent changes to a service, for a responder', () => {
    it('lists them newest first (by when they happened), pages with the platform cursor, and keeps to the service asked for', async () => {
      const payments = await createIntegration(detection, { name: 'Payments CI', kind: 'pagerduty', service: 'payments' });
      const other = await createIntegration(detection, { name: 'Search CI', kind: 'pagerduty', service: 'search' });
      const change = (routingKey: string, summary: string, timestamp?: string) =>
        detection.http().post('/v2/change/enqueue').send({ routing_key: routingKey, payload: { summary, ...(timestamp ? { timestamp } : {}), source: 'ci' } }).expect(202);
      await change(payments.key, 'Deploy payments v1', '2026-03-01T06:00:00Z');
      await change(payments.key, 'Deploy payments v3', '2026-03-01T08:00:00+01:00'); // 07:00 UTC
      await change(other.key, 'Reindex search', '2026-03-01T08:30:00Z');
      await change(payments.key, 'Rotate payments secret'); // no timestamp: when received, 09:00 on the test clock (or later)
      await change(payments.key, 'Deploy payments v2', '2026-03-01T06:30:00Z'); // reported late: placed by when it happened

      const first = (await list({ service: 'payments', limit: 2 }).expect(200)).body;
      expect(first.items.map((c: { summary: string }) => c.summary)).toEqual(['Rotate payments secret', 'Deploy payments v3']);
      expect(first.items[0]).toMatchObject({ service: 'payments', integrationId: payments.integrationId, timestamp: null, at: first.items[0].receivedAt });
      expect(first.items[1]).toMatchObject({ timestamp: '2026-03-01T07:00:00.000Z', at: '2026-03-01T07:00:00.000Z', source: 'ci' });
      expect(first.nextCursor).toEqual(expect.any(String));

      const second = (await list({ service: 'payments', limit: 2, cursor: first.nextCursor }).expect(200)).body;
      expect(second.items.map((c: { summary: string }) => c.summary)).toEqual(['Deploy payments v2', 'Deploy payments v1']);
      expect(second.nextCursor).toBeNull();

      // A service name in any case; every service when none is asked for.
      expect((await list({ service: 'PAYMENTS' }).expect(200)).body.items).toHaveLength(4);
      const all = (await list({ limit: 200 }).expect(200)).body.items.map((c: { summary: string }) => c.summary);
      expect(all).toEqual(expect.arrayContaining(['Reindex search', 'Deploy payments v1']));
      expect((await list({ service: 'nothing-changed-here' }).expect(200)).body).toEqual({ items: [], nextCursor: null });
    });

    it('refuses what is not a page query, naming the parameter (problem+json)', async () => {
      for (const [query, field] of [
        [{ limit: 201 }, 'limit'],
        [{ cursor: 'not-a-cursor' }, 'cursor'],
        [{ service: 'check\nout' }, 'service'],
        [{ service: '   ' }, 'service'],
      ] as const) {
        const response = await list(query).expect(400);
        expect(response.headers['content-type']).toMatch(PROBLEM_JSON);
        expect(response.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      }
    });

    it('needs a viewer: no token is a 401', async () => {
      await request(detection.app.getHttpServer()).get('/detection/changes').expect(401);
      await list({}).expect(200);
    });
  });
});

describe('a retried change after a restart (two app instances on one SQLite file)', () => {
  let dir: string;
  const apps: ServiceApp[] = [];
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'linchpin-changes-'))));
  afterEach(async () => {
    for (const app of apps.splice(0)) await app.close().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  });
  const start = async () => {
    const app = await startServiceApp({ service: DETECTION_SERVICE, module: DetectionModule, sqlitePath: join(dir, 'events.db') });
    apps.push(app);
    return app;
  };

  it('records nothing new for the same Idempotency-Key, though the replay cache went with the process', async () => {
    const first = await start();
    const { key } = (await first.http().post('/detection/integrations').send({ name: 'CI', kind: 'pagerduty', service: 'checkout' }).expect(201)).body as { key: string };
    await first.http().post('/v2/change/enqueue').set('Idempotency-Key', 'deploy-481').send(pagerDutyChangeExample(key)).expect(202);
    await first.close();

    const second = await start();
    const retried = await second.http().post('/v2/change/enqueue').set('Idempotency-Key', 'deploy-481').send(pagerDutyChangeExample(key)).expect(202);
    expect(retried.headers['idempotent-replayed']).toBeUndefined();
    expect(retried.body).toEqual({ status: 'success', message: 'Change event processed' });
    expect(changesIn(await second.store.readAll())).toHaveLength(1);
    expect((await second.http().get('/detection/changes').expect(200)).body.items).toHaveLength(1);
  });
});

describe("the routing key, the integration's secret, out of the log", () => {
  it('logs each request by its path alone: no body, no routing key, whatever the request', async () => {
    let printed = '';
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
      printed += String(chunk);
      return rest.length >= 0; // kept out of the test's output: debug lines of every request
    }) as typeof process.stdout.write;
    const detection = await startDetection({ env: { LOG_LEVEL: 'debug' } });
    try {
      const { key } = await createIntegration(detection, { name: 'CI', kind: 'pagerduty', service: 'checkout' });
      await detection.http().post('/v2/change/enqueue').send(pagerDutyChangeExample(key)).expect(202);
      await detection.http().post('/v2/change/enqueue').send({ routing_key: key, payload: {} }).expect(400);
      await detection.http().post('/detection/v2/change/enqueue').set('content-type', 'application/json').send(`{"routing_key":"${key}","payload":{`).expect(400);
      expect(printed).toContain('/v2/change/enqueue');
      expect(printed).not.toContain(key);
    } finally {
      await detection.close();
      process.stdout.write = write;
    }
  });
});
