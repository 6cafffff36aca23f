import { ManualClock } from '@linchpin/eventsourcing';
import { bearer, TEST_ADMIN_TOKEN } from '@linchpin/testing';
import request from 'supertest';
import { generateApiToken } from './api-token-directory';
import { UndeclaredRoutesError } from './route-access';
import { BareController, ManagedController, ProbeController, start, Started, tokens } from './spec/access-test-app';

const PROBLEM = /^application\/problem\+json/;

describe('access: every route authenticates and authorises by its declaration (real HTTP)', () => {
  const clock = new ManualClock('2026-03-08T07:30:00Z');
  let started: Started;
  const http = () => request(started.app.getHttpServer());

  beforeAll(async () => {
    started = await start([ProbeController, ManagedController], {}, clock);
  });
  afterAll(async () => started?.close());

  it('answers a request without a token 401 problem+json with WWW-Authenticate: Bearer', async () => {
    const response = await http().get('/probe/read').expect(401);
    expect(response.headers['content-type']).toMatch(PROBLEM);
    expect(response.headers['www-authenticate']).toBe('Bearer realm="linchpin"');
    expect(response.body).toMatchObject({ type: 'urn:linchpin:problem:unauthenticated', status: 401, code: 'missing', instance: '/probe/read' });
  });

  it('answers an unknown or malformed token 401 with error="invalid_token", never echoing the token', async () => {
    const unknown = generateApiToken();
    const response = await http().get('/probe/read').set(bearer(unknown)).expect(401);
    expect(response.headers['www-authenticate']).toBe('Bearer realm="linchpin", error="invalid_token"');
    expect(response.body.code).toBe('unknown');
    expect(JSON.stringify(response.body)).not.toContain(unknown);
    expect((await http().get('/probe/read').set('Authorization', `Basic ${Buffer.from('a:b').toString('base64')}`).expect(401)).body.code).toBe('malformed');
  });

  it('answers a role too low 403 naming the required and the held roles', async () => {
    const response = await http().post('/probe/act').set(bearer(tokens.viewer)).send({}).expect(403);
    expect(response.headers['content-type']).toMatch(PROBLEM);
    expect(response.body).toMatchObject({ type: 'urn:linchpin:problem:forbidden', code: 'insufficient_role', status: 403 });
    expect(response.body.detail).toBe('This route needs the role responder or higher; the token holds viewer');
    await http().post('/probe/configure').set(bearer(tokens.manager)).expect(403);
  });

  it('lets the right role (or a higher one) in, and the actor is the principal: the person a token belongs to', async () => {
    expect((await http().get('/probe/read').set(bearer(tokens.viewer)).expect(200)).body).toEqual({ actor: 'token:tok-viewer' });
    expect((await http().get('/probe/read').set(bearer(tokens.responder)).expect(200)).body).toEqual({ actor: 'person:0b1c2d3e-0000-4000-8000-000000000001' });
    await http().post('/probe/act').set(bearer(tokens.manager)).send({}).expect(201);
  });

  it("records a body's `by` as on-behalf-of text, and ignores X-Actor", async () => {
    const response = await http().post('/probe/act').set(bearer(tokens.responder)).set('X-Actor', 'user:mallory').send({ by: 'the support desk' }).expect(201);
    expect(response.body).toEqual({ actor: 'person:0b1c2d3e-0000-4000-8000-000000000001', onBehalfOf: 'the support desk' });
  });

  it('keeps a sender-only token to sender routes: it cannot read', async () => {
    expect((await http().post('/probe/signals').set(bearer(tokens.sender)).expect(201)).body).toEqual({ actor: 'token:tok-sender' });
    const refused = await http().get('/probe/read').set(bearer(tokens.sender)).expect(403);
    expect(refused.body.detail).toBe('This route needs the role viewer or higher; the token holds sender');
    await http().post('/probe/signals').set(bearer(tokens.manager)).expect(403);
  });

  it('lets admin do all, sender routes included', async () => {
    const admin = bearer(TEST_ADMIN_TOKEN);
    expect((await http().get('/probe/read').set(admin).expect(200)).body).toEqual({ actor: 'admin' });
    await http().post('/probe/act').set(admin).send({}).expect(201);
    await http().post('/probe/configure').set(admin).expect(201);
    await http().post('/probe/signals').set(admin).expect(201);
    await http().post('/managed/merge').set(admin).expect(201);
  });

  it('refuses a revoked token, and an expiring one from its expiry on (by the service clock)', async () => {
    expect((await http().get('/probe/read').set(bearer(tokens.revoked)).expect(401)).body).toMatchObject({ code: 'revoked', detail: 'The bearer token was revoked' });
    await http().post('/probe/configure').set(bearer(tokens.expiring)).expect(201);
    clock.set('2026-03-08T08:00:00Z');
    expect((await http().post('/probe/configure').set(bearer(tokens.expiring)).expect(401)).body).toMatchObject({ code: 'expired' });
  });

  it("takes the handler's declaration over its controller's", async () => {
    await http().get('/managed/look').set(bearer(tokens.viewer)).expect(200);
    await http().post('/managed/merge').set(bearer(tokens.responder)).expect(403);
    await http().post('/managed/merge').set(bearer(tokens.manager)).expect(201);
  });

  it('asks no token on a public route, and ignores one sent', async () => {
    expect((await http().get('/probe/open').expect(200)).body).toEqual({ actor: 'anonymous' });
    await http().get('/probe/open').set(bearer('garbage')).expect(200);
    await http().get('/health/live').expect(200);
    await http().get('/health/ready').expect(200);
    await http().get('/metrics').expect(200);
  });

  it('documents the bearer scheme and the access of every operation', async () => {
    const { body: document } = await http().get('/openapi.json').expect(200);
    expect(document.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    const act = document.paths['/probe/act'].post;
    expect(act.security).toEqual([{ bearer: [] }]);
    expect(act['x-linchpin-access']).toEqual({ role: 'responder' });
    expect(act.description).toContain('**Access:** responder or higher.');
    expect(act.responses['401'].content['application/problem+json']).toBeDefined();
    expect(act.responses['403']).toBeDefined();
    expect(document.paths['/managed/look'].get['x-linchpin-access']).toEqual({ role: 'viewer' });
    expect(document.paths['/managed/merge'].post['x-linchpin-access']).toEqual({ role: 'incident-manager' });
    const open = document.paths['/probe/open'].get;
    expect(open.security).toEqual([]);
    expect(open['x-linchpin-access']).toEqual({ role: 'public', reason: 'a probe that anyone may call' });
    expect(document.paths['/health/live'].get.security).toEqual([]);
    expect(document.paths['/metrics'].get.security).toEqual([]);
    expect(JSON.stringify(document)).not.toMatch(/x-actor/i);
  });
});

describe('access at start', () => {
  it('refuses to start when a route declares no access, naming it', async () => {
    const error = await start([ProbeController, BareController]).then(
      async (s) => {
        await s.close();
        return undefined;
      },
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UndeclaredRoutesError);
    expect((error as Error).message).toContain('GET /bare/x (BareController.x)');
    expect((error as Error).message).not.toContain('/probe/');
  });

  it('with METRICS_TOKEN: /metrics needs that token (or admin), and the token opens nothing else', async () => {
    const metricsToken = 'metrics-scrape-token-0123456789';
    const started = await start([ProbeController], { METRICS_TOKEN: metricsToken });
    try {
      const http = () => request(started.app.getHttpServer());
      await http().get('/metrics').expect(401);
      await http().get('/metrics').set(bearer(metricsToken)).expect(200);
      await http().get('/metrics').set(bearer(TEST_ADMIN_TOKEN)).expect(200);
      await http().get('/metrics').set(bearer(tokens.viewer)).expect(403);
      await http().get('/probe/read').set(bearer(metricsToken)).expect(403);
      const { body: document } = await http().get('/openapi.json').expect(200);
      expect(document.paths['/metrics'].get.security).toEqual([{ bearer: [] }]);
    } finally {
      await started.close();
    }
  });

  it('puts /testing/clock behind the admin role', async () => {
    const started = await start([ProbeController], { LINCHPIN_TEST_CLOCK: '1' });
    try {
      const http = () => request(started.app.getHttpServer());
      await http().get('/testing/clock').expect(401);
      await http().put('/testing/clock').set(bearer(tokens.manager)).send({ advanceMs: 1000 }).expect(403);
      await http().put('/testing/clock').set(bearer(TEST_ADMIN_TOKEN)).send({ advanceMs: 1000 }).expect(200);
    } finally {
      await started.close();
    }
  });
});
