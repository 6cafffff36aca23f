import { INestApplication } from '@nestjs/common';
import { EventStore, ManualClock } from '@linchpin/eventsourcing';
import { asAdmin, eventually } from '@linchpin/testing';
import { ServiceApp, startServiceApp } from '@linchpin/service-testing';
import { CoordinationModule } from '../src/coordination.module';
import { COORDINATION_SERVICE } from '../src/service';
import { ACTOR_TOKENS, as } from './support/actors';

const ALICE = '11111111-1111-4111-8111-111111111111';
const NIGHTS = '44444444-4444-4444-8444-444444444444';
const TEAM = '55555555-5555-4555-8555-555555555555';
const ROUTE = '/coordination/escalation-policies';

const policy = {
  name: 'payments primary',
  levels: [
    { targets: [{ kind: 'person', id: ALICE }], timeoutMinutes: 10 },
    { targets: [{ kind: 'schedule', id: NIGHTS }, { kind: 'team', id: TEAM }], timeoutMinutes: 15 },
  ],
  repeat: 1,
  acknowledgementTimeoutMinutes: 30,
};

describe('escalation policies over HTTP (SQLite)', () => {
  let app: INestApplication;
  let store: EventStore;
  let coordination: ServiceApp;
  const clock = new ManualClock(new Date('2026-03-01T10:00:00.000Z'));
  const http = () => asAdmin(app.getHttpServer());

  beforeAll(async () => {
    coordination = await startServiceApp({ service: COORDINATION_SERVICE, module: CoordinationModule, apiTokens: ACTOR_TOKENS, clock });
    ({ app, store } = coordination);
  });

  afterAll(() => coordination.close());

  it('creates a policy (201, version 1), reads it back, and lists it', async () => {
    const created = await http().post(ROUTE).set(as('ops')).send(policy).expect(201);
    expect(created.body).toEqual({ policyId: expect.stringMatching(/^[0-9a-f-]{36}$/), version: 1 });
    const read = await http().get(`${ROUTE}/${created.body.policyId}`).expect(200);
    expect(read.body).toEqual({
      policyId: created.body.policyId,
      ...policy,
      version: 1,
      status: 'active',
      createdAt: '2026-03-01T10:00:00.000Z',
      updatedAt: '2026-03-01T10:00:00.000Z',
      retiredAt: null,
    });
    const stored = await store.readStream(`escalationPolicy-${created.body.policyId}`);
    expect(stored.map((e) => [e.type, e.schemaVersion, e.metadata.actor])).toEqual([['EscalationPolicyCreated', 1, 'token:ops']]);
    const listed = await eventually('the policy in the list', async () => {
      const r = await http().get(ROUTE).expect(200);
      return r.body.items.some((p: { policyId: string }) => p.policyId === created.body.policyId) ? r.body : undefined;
    });
    expect(listed.items.find((p: { policyId: string }) => p.policyId === created.body.policyId)).toMatchObject({ name: 'payments primary', version: 1 });
  });

  it('refuses a bad body with a 400 problem naming each field and the reason, and stores nothing', async () => {
    const before = (await store.readAll()).length;
    const bad = await http()
      .post(ROUTE)
      .send({
        name: '  ',
        levels: [{ targets: [{ kind: 'robot', id: 'not-a-uuid' }], timeoutMinutes: 0 }, { targets: [], timeoutMinutes: 1441 }],
        repeat: 10,
        acknowledgementTimeoutMinutes: 0,
      })
      .expect(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    const fields = bad.body.errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        'name',
        'levels.0.targets.0.kind',
        'levels.0.targets.0.id',
        'levels.0.timeoutMinutes',
        'levels.1.targets',
        'levels.1.timeoutMinutes',
        'repeat',
        'acknowledgementTimeoutMinutes',
      ]),
    );
    expect(bad.body.errors).toEqual(expect.arrayContaining([{ field: 'levels.0.targets.0.id', reason: 'id must be a UUID' }]));

    const noLevels = await http().post(ROUTE).send({ ...policy, levels: [] }).expect(400);
    expect(noLevels.body.errors.map((e: { field: string }) => e.field)).toContain('levels');
    const tooMany = await http()
      .post(ROUTE)
      .send({ ...policy, levels: Array.from({ length: 21 }, () => policy.levels[0]) })
      .expect(400);
    expect(tooMany.body.errors.map((e: { field: string }) => e.field)).toContain('levels');
    const twice = await http()
      .post(ROUTE)
      .send({ ...policy, levels: [{ targets: [policy.levels[0].targets[0], policy.levels[0].targets[0]], timeoutMinutes: 5 }] })
      .expect(400);
    expect(twice.body.errors).toEqual(expect.arrayContaining([{ field: 'levels.0.targets', reason: 'a level names each target once' }]));
    await http().post(ROUTE).send({ ...policy, repeat: undefined }).expect(400);
    expect((await store.readAll()).length).toBe(before);
  });

  it('answers 404 for an unknown policy and 400 for an id that is not a UUID', async () => {
    const unknown = '99999999-9999-4999-8999-999999999999';
    await http().get(`${ROUTE}/${unknown}`).expect(404);
    await http().put(`${ROUTE}/${unknown}`).send(policy).expect(404);
    await http().delete(`${ROUTE}/${unknown}`).expect(404);
    await http().get(`${ROUTE}/not-a-uuid`).expect(400);
  });

  it('updates to a new version, refuses a stale basedOnVersion with a 409 naming it, then retires; no change after retirement (409)', async () => {
    const { policyId } = (await http().post(ROUTE).send({ ...policy, name: 'checkout' }).expect(201)).body;

    clock.advance(60_000);
    const { acknowledgementTimeoutMinutes: _dropped, ...changed } = { ...policy, name: 'checkout', repeat: 0 };
    const v2 = await http().put(`${ROUTE}/${policyId}`).send({ ...changed, basedOnVersion: 1 }).expect(200);
    expect(v2.body).toEqual({ policyId, version: 2 });
    const read = (await http().get(`${ROUTE}/${policyId}`).expect(200)).body;
    expect(read).toMatchObject({ version: 2, repeat: 0, acknowledgementTimeoutMinutes: null, createdAt: '2026-03-01T10:00:00.000Z', updatedAt: '2026-03-01T10:01:00.000Z' });

    const same = await http().put(`${ROUTE}/${policyId}`).send(changed).expect(200);
    expect(same.body).toEqual({ policyId, version: 2 });

    const stale = await http().put(`${ROUTE}/${policyId}`).send({ ...policy, basedOnVersion: 1 }).expect(409);
    expect(stale.headers['content-type']).toContain('application/problem+json');
    expect(stale.body).toMatchObject({ code: 'escalation_policy_stale', errors: [{ field: 'basedOnVersion' }] });
    await http().delete(`${ROUTE}/${policyId}?basedOnVersion=1`).expect(409);

    const retired = await http().delete(`${ROUTE}/${policyId}?basedOnVersion=2`).expect(200);
    expect(retired.body).toEqual({ policyId, version: 3 });
    expect((await http().put(`${ROUTE}/${policyId}`).send(policy).expect(409)).body.code).toBe('escalation_policy_retired');
    expect((await http().delete(`${ROUTE}/${policyId}`).expect(409)).body.code).toBe('escalation_policy_retired');
    expect((await http().get(`${ROUTE}/${policyId}`).expect(200)).body).toMatchObject({ status: 'retired', version: 3, retiredAt: '2026-03-01T10:01:00.000Z' });

    const stored = await store.readStream(`escalationPolicy-${policyId}`);
    expect(stored.map((e) => [e.type, (e.data as { version: number }).version])).toEqual([
      ['EscalationPolicyCreated', 1],
      ['EscalationPolicyUpdated', 2],
      ['EscalationPolicyRetired', 3],
    ]);
    await eventually('the retired policy gone from the list', async () => {
      const r = await http().get(`${ROUTE}?limit=200`).expect(200);
      return r.body.items.some((p: { policyId: string }) => p.policyId === policyId) ? undefined : true;
    });
  });

  it('pages the list by name with limit and cursor', async () => {
    for (const name of ['zz-a', 'zz-b', 'zz-c']) await http().post(ROUTE).send({ ...policy, name }).expect(201);
    const names: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: { name: string }[]; nextCursor: string | null } } = await http()
        .get(ROUTE)
        .query({ limit: 2, ...(cursor ? { cursor } : {}) })
        .expect(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      names.push(...page.body.items.map((p) => p.name));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
    expect(names.filter((n) => n.startsWith('zz-'))).toEqual(['zz-a', 'zz-b', 'zz-c']);
  });
});
