import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pagerDutyTriggerExample } from './fixtures/documented-examples';
import { createIntegration, DetectionApp, PROBLEM_JSON, sha256, startDetection } from './support/detection-app';

// What a real Alertmanager sent (libs/testing captures it from the installed binary).
const alertmanagerPayload = JSON.parse(readFileSync(join(__dirname, '../../../libs/testing/src/fixtures/alertmanager-webhook.json'), 'utf8'));

const pagerDutyTrigger = (routingKey: string) => {
  const { images: _images, links: _links, client: _client, client_url: _clientUrl, ...trigger } = pagerDutyTriggerExample(routingKey);
  return trigger;
};

describe('integration keys over HTTP (SQLite store)', () => {
  let detection: DetectionApp;

  beforeAll(async () => {
    detection = await startDetection();
  });
  afterAll(async () => detection?.close());

  const amPost = (key: string, body: unknown = alertmanagerPayload) => detection.http().post(`/detection/integrations/alertmanager/${key}`).send(body as object);

  it('creating one answers its 32-hex key once; reads never show it', async () => {
    const created = await detection
      .http()
      .post('/detection/integrations')
      .send({ name: 'Prometheus (prod)', kind: 'alertmanager', service: 'checkout' })
      .expect(201);
    const { key, integrationId } = created.body;
    expect(key).toMatch(/^[0-9a-f]{32}$/);
    expect(created.body).toMatchObject({
      integrationId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      kind: 'alertmanager',
      service: 'checkout',
      status: 'active',
      version: 1,
      keyHint: key.slice(-4),
      endpoint: '/detection/integrations/alertmanager/{key}',
    });

    const one = await detection.http().get(`/detection/integrations/${integrationId}`).expect(200);
    const all = await detection.http().get('/detection/integrations').expect(200);
    expect(one.body).toMatchObject({ integrationId, keyHint: key.slice(-4) });
    expect(one.body).not.toHaveProperty('key');
    expect(all.body.map((i: { integrationId: string }) => i.integrationId)).toContain(integrationId);
    for (const text of [one.text, all.text]) expect(text).not.toContain(key);
  });

  it('stores only the SHA-256 of the key', async () => {
    const { integrationId, key } = await createIntegration(detection, { name: 'hashed', kind: 'grafana', service: 'search' });
    const events = await detection.store.readStream(`integration-${integrationId}`);
    expect(events.map((e) => e.type)).toEqual(['IntegrationCreated']);
    expect(events[0].data).toMatchObject({ integrationId, keyHash: sha256(key), keyHint: key.slice(-4) });
    expect(JSON.stringify(await detection.allEvents())).not.toContain(key);
  });

  it('a revoked Alertmanager key gets a 404 problem and stores nothing', async () => {
    const { integrationId, key } = await createIntegration(detection, { name: 'to revoke', kind: 'alertmanager', service: 'checkout' });
    await amPost(key).expect(202);

    const revoked = await detection.http().post(`/detection/integrations/${integrationId}/revoke`).expect(200);
    expect(revoked.body).toMatchObject({ integrationId, status: 'revoked' });
    await detection.http().post(`/detection/integrations/${integrationId}/revoke`).expect(200);

    // Streams a request writes itself (alert-, alertGroup-); the incident reactor may still be busy with the first post.
    const signalEvents = async () => (await detection.allEvents()).filter((e) => e.streamId.startsWith('alert'));
    const before = (await signalEvents()).length;
    const refused = await amPost(key).expect(404);
    expect(refused.headers['content-type']).toMatch(PROBLEM_JSON);
    expect(refused.body).toMatchObject({ status: 404, title: 'Not found' });
    expect(await signalEvents()).toHaveLength(before);
  });

  it('a revoked PagerDuty key gets PagerDuty\'s 400 "invalid event"', async () => {
    const { integrationId, key } = await createIntegration(detection, { name: 'pd', kind: 'pagerduty', service: 'checkout' });
    await detection.http().post('/v2/enqueue').send(pagerDutyTrigger(key)).expect(202);
    await detection.http().post(`/detection/integrations/${integrationId}/revoke`).expect(200);

    const refused = await detection.http().post('/v2/enqueue').send(pagerDutyTrigger(key)).expect(400);
    expect(refused.headers['content-type']).toMatch(/^application\/json/);
    expect(refused.body).toEqual({ status: 'invalid event', message: 'Event object is invalid', errors: [expect.stringContaining("'routing_key' is invalid")] });
  });

  it('a key of another kind is refused in the format of the path it was sent to', async () => {
    const pagerduty = await createIntegration(detection, { name: 'pd elsewhere', kind: 'pagerduty', service: 'checkout' });
    const alertmanager = await createIntegration(detection, { name: 'am elsewhere', kind: 'alertmanager', service: 'checkout' });
    const onAlertmanager = await amPost(pagerduty.key).expect(404);
    expect(onAlertmanager.headers['content-type']).toMatch(PROBLEM_JSON);
    await detection.http().post(`/detection/integrations/grafana/${alertmanager.key}`).send(alertmanagerPayload).expect(404);
    const onPagerDuty = await detection.http().post('/v2/enqueue').send(pagerDutyTrigger(alertmanager.key)).expect(400);
    expect(onPagerDuty.body.status).toBe('invalid event');
    await amPost('0'.repeat(32)).expect(404);
  });

  it.each([
    ['is not a regular expression', 'gateway (timeout', 'is not a valid regular expression'],
    ['uses a backreference, which only a backtracking engine runs', '(a)\\1', 'uses a backreference'],
    ['uses a lookbehind, which only a backtracking engine runs', '(?<=gateway )timeout', 'uses a lookbehind'],
  ])('a log rule whose pattern %s is refused (400) naming the rule\'s field and why, nothing stored', async (_case, pattern, why) => {
    const rule = { id: 'broken', name: 'Broken', pattern, threshold: 1, windowSeconds: 60, severity: 'error' };
    const before = (await detection.http().get('/detection/integrations').expect(200)).body.length;
    const response = await detection.http().post('/detection/integrations').send({ name: 'logs', kind: 'logs', service: 'payments', logRules: [rule] }).expect(400);
    expect(response.headers['content-type']).toMatch(PROBLEM_JSON);
    expect(response.body.errors).toEqual([{ field: 'logRules.0.pattern', reason: expect.stringContaining(why) }]);
    expect((await detection.http().get('/detection/integrations').expect(200)).body).toHaveLength(before);

    // The same check guards a change of settings.
    const { integrationId } = await createIntegration(detection, { name: 'logs ok', kind: 'logs', service: 'payments' });
    const change = await detection.http().put(`/detection/integrations/${integrationId}/settings`).send({ logRules: [rule] }).expect(400);
    expect(change.body.errors).toEqual([{ field: 'logRules.0.pattern', reason: expect.stringContaining(why) }]);
    expect((await detection.http().get(`/detection/integrations/${integrationId}`).expect(200)).body.version).toBe(1);
  });

  it.each([
    ['a fingerprint field that is not a signal field', { fingerprintFields: ['labels.alertname', 'colour'] }, 'fingerprintFields'],
    ['an unknown kind', { kind: 'nagios' }, 'kind'],
    ['no service', { service: undefined }, 'service'],
    ['a flapping policy without a window', { flapping: { maxChanges: 2 } }, 'flapping.windowSeconds'],
    ['a rate limit of 0', { rateLimitPerMinute: 0 }, 'rateLimitPerMinute'],
    ['log rule flags outside imsu', { logRules: [{ id: 'r', name: 'R', pattern: 'x', flags: 'g', threshold: 1, windowSeconds: 60, severity: 'error' }] }, 'logRules.0.flags'],
    // A bad request whatever the state: a 400 (it was the domain's 409 invalid-log-rule).
    ['a log rule flag given twice', { logRules: [{ id: 'r', name: 'R', pattern: 'x', flags: 'mm', threshold: 1, windowSeconds: 60, severity: 'error' }] }, 'logRules.0.flags'],
  ])('%s is a 400 problem naming the field', async (_case, change, field) => {
    const response = await detection
      .http()
      .post('/detection/integrations')
      .send({ name: 'invalid', kind: 'alertmanager', service: 'checkout', ...change })
      .expect(400);
    expect(response.headers['content-type']).toMatch(PROBLEM_JSON);
    expect(response.body.errors.map((e: { field: string }) => e.field)).toContain(field);
  });
});
