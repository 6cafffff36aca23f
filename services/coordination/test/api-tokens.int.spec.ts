import { ManualClock, newId, topicOf } from '@linchpin/eventsourcing';
import { API_TOKEN_DIRECTORY, ApiTokenDirectory, hashToken } from '@linchpin/platform';
import { asAdmin, eventually } from '@linchpin/testing';
import { ServiceApp, startServiceApp } from '@linchpin/service-testing';
import { CoordinationModule } from '../src/coordination.module';
import { COORDINATION_SERVICE } from '../src/service';

describe('API tokens over HTTP (SQLite + in-process bus)', () => {
  const clock = new ManualClock('2026-03-01T10:00:00.000Z');
  let coordination: ServiceApp;
  const http = () => asAdmin(coordination.app.getHttpServer());
  const fields = (body: { errors?: { field: string }[] }) => (body.errors ?? []).map((e) => e.field);
  const issue = (body: Record<string, unknown>) => http().post('/coordination/api-tokens').send(body);
  let personId: string;
  let retiredPersonId: string;

  beforeAll(async () => {
    coordination = await startServiceApp({ service: COORDINATION_SERVICE, module: CoordinationModule, clock, observe: [topicOf('coordination')] });
    const person = (name: string) => ({ name, contactMethods: [{ kind: 'email', address: `${name}@example.com` }] });
    personId = (await http().post('/coordination/people').send(person('alice')).expect(201)).body.personId;
    retiredPersonId = (await http().post('/coordination/people').send(person('bob')).expect(201)).body.personId;
    await http().delete(`/coordination/people/${retiredPersonId}`).expect(202);
    await http().post('/coordination/people').send(person('carol')).expect(201);
    await http().post('/coordination/teams').send({ name: 'Payments', members: [{ personId, onCallOrder: 1 }] }).expect(201);
  });

  afterAll(() => coordination.close());

  it('answers 201 with the token once; stores and publishes only its hash and hint', async () => {
    const res = await issue({ name: 'alice laptop', roles: ['responder', 'viewer'], team: 'payments', personId, expiresAt: '2026-09-01T00:00:00+02:00' }).expect(201);
    const { token, tokenId } = res.body;
    expect(token).toMatch(/^lp_[A-Za-z0-9_-]{43}$/);
    expect(res.body).toEqual({
      tokenId: expect.any(String),
      token,
      hint: `lp_…${token.slice(-4)}`,
      name: 'alice laptop',
      roles: ['responder', 'viewer'],
      team: 'Payments',
      personId,
      expiresAt: '2026-08-31T22:00:00.000Z',
      issuedAt: '2026-03-01T10:00:00.000Z',
    });

    const stored = await coordination.store.readStream(`apiToken-${tokenId}`);
    expect(stored).toEqual([expect.objectContaining({ type: 'ApiTokenIssued', data: expect.objectContaining({ tokenHash: hashToken(token), issuedBy: 'admin' }) })]);
    const everything = JSON.stringify(await coordination.store.readAll({ limit: 10_000 }));
    expect(everything).not.toContain(token);
    await eventually('ApiTokenIssued published', () => coordination.published.find((e) => e.type === 'ApiTokenIssued' && (e.data as { tokenId: string }).tokenId === tokenId));
    expect(JSON.stringify(coordination.published)).not.toContain(token);
  });

  it('lists and shows tokens with their hint and status, never the token or its hash', async () => {
    const { token, tokenId } = (await issue({ name: 'grafana', roles: ['sender'] }).expect(201)).body;
    const list = await http().get('/coordination/api-tokens').expect(200);
    const listed = list.body.items.find((t: { tokenId: string }) => t.tokenId === tokenId);
    expect(listed).toEqual({
      tokenId,
      name: 'grafana',
      hint: `lp_…${token.slice(-4)}`,
      roles: ['sender'],
      team: null,
      personId: null,
      status: 'active',
      expiresAt: null,
      issuedAt: '2026-03-01T10:00:00.000Z',
      issuedBy: 'admin',
      revokedAt: null,
      revokedBy: null,
      revokeReason: null,
    });
    const one = await http().get(`/coordination/api-tokens/${tokenId}`).expect(200);
    expect(one.body).toEqual(listed);
    for (const text of [list.text, one.text]) {
      expect(text).not.toContain(token);
      expect(text).not.toContain(hashToken(token));
      expect(text).not.toContain('tokenHash');
    }
  });

  it('pages the list by name with a cursor, and refuses a cursor it did not give (400 naming cursor)', async () => {
    for (const name of ['page-a', 'page-b', 'page-c']) await issue({ name, roles: ['viewer'] }).expect(201);
    const names: string[] = [];
    let cursor: string | null | undefined;
    do {
      const res = await http().get('/coordination/api-tokens').query({ limit: 2, ...(cursor ? { cursor } : {}) }).expect(200);
      expect(res.body.items.length).toBeLessThanOrEqual(2);
      names.push(...res.body.items.map((t: { name: string }) => t.name));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(names.filter((n) => n.startsWith('page-'))).toEqual(['page-a', 'page-b', 'page-c']);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
    expect(fields((await http().get('/coordination/api-tokens').query({ cursor: 'nonsense' }).expect(400)).body)).toEqual(['cursor']);
    expect(fields((await http().get('/coordination/api-tokens').query({ limit: 0 }).expect(400)).body)).toEqual(['limit']);
  });

  it('revokes a token once: 202, then 409 already_revoked; an unknown token is a 404', async () => {
    const { tokenId } = (await issue({ name: 'to revoke', roles: ['admin'] }).expect(201)).body;
    clock.set('2026-03-02T10:00:00.000Z');
    await http().post(`/coordination/api-tokens/${tokenId}/revoke`).send({ reason: 'leaked in a build log' }).expect(202);
    const again = await http().post(`/coordination/api-tokens/${tokenId}/revoke`).send({}).expect(409);
    expect(again.headers['content-type']).toContain('application/problem+json');
    expect(again.body.code).toBe('already_revoked');
    expect((await http().get(`/coordination/api-tokens/${tokenId}`).expect(200)).body).toMatchObject({
      status: 'revoked',
      revokedAt: '2026-03-02T10:00:00.000Z',
      revokedBy: 'admin',
      revokeReason: 'leaked in a build log',
    });
    await http().post(`/coordination/api-tokens/${newId()}/revoke`).send({}).expect(404);
    await http().get(`/coordination/api-tokens/${newId()}`).expect(404);
    clock.set('2026-03-01T10:00:00.000Z');
  });

  it('shows a token past its expiry as expired', async () => {
    const { tokenId } = (await issue({ name: 'short-lived', roles: ['viewer'], expiresAt: '2026-03-01T11:00:00Z' }).expect(201)).body;
    clock.set('2026-03-01T11:00:00.000Z');
    expect((await http().get(`/coordination/api-tokens/${tokenId}`).expect(200)).body.status).toBe('expired');
    clock.set('2026-03-01T10:00:00.000Z');
  });

  it.each([
    ['no role', { name: 'x', roles: [] }, 'roles'],
    ['an unknown role', { name: 'x', roles: ['viewer', 'superuser'] }, 'roles'],
    ['no roles at all', { name: 'x' }, 'roles'],
    ['a blank name', { name: '  ', roles: ['viewer'] }, 'name'],
    ['a person id that is no UUID', { name: 'x', roles: ['viewer'], personId: 'alice' }, 'personId'],
    ['an expiry that is no instant', { name: 'x', roles: ['viewer'], expiresAt: 'tomorrow' }, 'expiresAt'],
    ['an expiry in the past', { name: 'x', roles: ['viewer'], expiresAt: '2026-03-01T09:59:59Z' }, 'expiresAt'],
    ['an expiry now', { name: 'x', roles: ['viewer'], expiresAt: '2026-03-01T10:00:00Z' }, 'expiresAt'],
  ])('refuses %s: 400 problem+json naming the field', async (_what, body, field) => {
    const res = await issue(body).expect(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect([...new Set(fields(res.body))]).toEqual([field]);
  });

  it('refuses a team or person that is not there, or retired: 409 unknown_reference naming the field (a state, not a bad request)', async () => {
    const team = await issue({ name: 'x', roles: ['viewer'], team: 'nobody' }).expect(409);
    expect(team.body).toMatchObject({ code: 'unknown_reference', errors: [{ field: 'team', reason: expect.stringContaining('unknown team') }] });
    const unknown = await issue({ name: 'x', roles: ['viewer'], personId: newId() }).expect(409);
    expect(unknown.body.errors).toEqual([{ field: 'personId', reason: expect.stringContaining('register them first') }]);
    const retired = await issue({ name: 'x', roles: ['viewer'], personId: retiredPersonId }).expect(409);
    expect(retired.body.errors).toEqual([{ field: 'personId', reason: expect.stringContaining('retired') }]);
  });

  it('refuses a retired team: 409 naming team', async () => {
    const teamId = (await http().post('/coordination/teams').send({ name: 'Legacy', members: [{ personId, onCallOrder: 1 }] }).expect(201)).body.teamId;
    await http().delete(`/coordination/teams/${teamId}`).expect(202);
    const res = await issue({ name: 'x', roles: ['viewer'], team: 'legacy' }).expect(409);
    expect(res.body.errors).toEqual([{ field: 'team', reason: 'team "Legacy" is retired' }]);
  });

  it("puts the token in the process's own directory once the bus has carried it, and marks it revoked after", async () => {
    const directory = coordination.app.get<ApiTokenDirectory>(API_TOKEN_DIRECTORY);
    const { token, tokenId } = (await issue({ name: 'directory', roles: ['responder'], team: 'Payments', personId }).expect(201)).body;
    const found = await eventually('the issued token in the directory', () => directory.find(hashToken(token)));
    expect(found).toEqual({ tokenId, name: 'directory', roles: ['responder'], team: 'Payments', personId, expiresAt: null, revokedAt: null });
    await http().post(`/coordination/api-tokens/${tokenId}/revoke`).send({}).expect(202);
    await eventually('the revocation in the directory', () => directory.find(hashToken(token))?.revokedAt ?? undefined);
  });
});
