import { ManualClock, newId, topicOf } from '@linchpin/eventsourcing';
import { generateApiToken } from '@linchpin/platform';
import { ServiceApp, startServiceApp, TestApiToken } from '@linchpin/service-testing';
import { asAdmin, authorized, eventually } from '@linchpin/testing';
import request from 'supertest';
import { CoordinationModule } from '../src/coordination.module';
import { COORDINATION_SERVICE } from '../src/service';
import { triaged } from './support/triaged';

/*
 * Issue 14 over HTTP: incident actions need responder, merges incident-manager, configuration admin;
 * a responder with a team acts only on its team's incidents (403 team_scope), checked on the
 * response state the command is decided on.
 */

const searchIsSlow = (incidentId: string, team: string) =>
  triaged(incidentId, { team, priority: 'P3', severity: 'SEV3', impact: 2, urgency: 2, title: 'Search is slow', rationale: ['impact 2 x urgency 2'] });

describe('access to coordination (SQLite + in-process bus, real HTTP)', () => {
  let coordination: ServiceApp;
  const tokens: Record<string, TestApiToken> = {};
  const token = (record: TestApiToken) => {
    const value = generateApiToken();
    tokens[value] = record;
    return value;
  };
  const admin = () => asAdmin(coordination.app.getHttpServer());
  const as = (value: string) => authorized(coordination.app.getHttpServer(), value);
  const teams: Record<string, string> = {};
  const open = async (team: string) => {
    const incidentId = newId();
    await coordination.bus.publish(topicOf('triage'), [{ key: incidentId, event: searchIsSlow(incidentId, team) }]);
    return incidentId;
  };
  const scoped = async (call: request.Test) => {
    const refused = await call.expect(403);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.body.code).toBe('team_scope');
    return refused.body.detail as string;
  };

  beforeAll(async () => {
    coordination = await startServiceApp({ service: COORDINATION_SERVICE, module: CoordinationModule, apiTokens: tokens, clock: new ManualClock('2026-03-05T09:00:00.000Z'), env: { OUTBOUND_ALLOW_CIDRS: undefined } });
    for (const name of ['payments', 'search', 'operations']) {
      const person = (await admin().post('/coordination/people').send({ name: `${name}-oncall`, contactMethods: [{ kind: 'webhook', address: `https://hooks.example.com/${name}` }] }).expect(201)).body;
      teams[name] = (await admin().post('/coordination/teams').send({ name, members: [{ personId: person.personId, onCallOrder: 1 }] }).expect(201)).body.teamId;
    }
  });
  afterAll(() => coordination?.close());

  it('answers 401 without a token, and lets a viewer read but not act', async () => {
    const incidentId = await open('payments');
    await coordination.httpAs(null).get(`/coordination/incidents/${incidentId}`).expect(401);
    const viewer = token({ roles: ['viewer'] });
    await as(viewer).get(`/coordination/incidents/${incidentId}`).expect(200);
    const refused = await as(viewer).post(`/coordination/incidents/${incidentId}/acknowledge`).send({}).expect(403);
    expect(refused.body.code).toBe('insufficient_role');
  });

  it("lets a responder of a team act on its team's incidents, recorded as the token's person, and refuses another team's with team_scope", async () => {
    const personId = newId();
    const responder = token({ roles: ['responder'], team: teams.payments, personId, name: 'payments phone' });
    const ours = await open('payments');
    const theirs = await open('search');

    await as(responder).post(`/coordination/incidents/${ours}/acknowledge`).send({ by: 'on behalf of the night shift' }).expect(202);
    const acked = (await coordination.store.readStream(`response-${ours}`)).find((e) => e.type === 'IncidentAcknowledged')!;
    expect(acked.data).toMatchObject({ by: `person:${personId}` });
    expect(acked.metadata).toMatchObject({ actor: `person:${personId}`, onBehalfOf: 'on behalf of the night shift' });
    await as(responder).post(`/coordination/incidents/${ours}/status`).send({ status: 'investigating' }).expect(202);
    await as(responder).post(`/coordination/incidents/${ours}/tasks`).send({ title: 'check the database' }).expect(201);

    expect(await scoped(as(responder).post(`/coordination/incidents/${theirs}/acknowledge`).send({}))).toContain(`team ${teams.payments}`);
    await scoped(as(responder).post(`/coordination/incidents/${theirs}/resolve`).send({}));
    await scoped(as(responder).post(`/coordination/incidents/${theirs}/snooze`).send({ until: '2026-03-05T12:00:00Z' }));
    await scoped(as(responder).post(`/coordination/incidents/${theirs}/tasks`).send({ title: 'not ours' }));
    // Nothing was recorded for the refused commands.
    expect((await coordination.store.readStream(`response-${theirs}`)).map((e) => e.type)).not.toContain('IncidentAcknowledged');
    // A responder without a team, an incident-manager with one and admin act on every team's incidents.
    await as(token({ roles: ['incident-manager'], team: teams.payments })).post(`/coordination/incidents/${theirs}/acknowledge`).send({}).expect(202);
    await as(token({ roles: ['responder'] })).post(`/coordination/incidents/${theirs}/status`).send({ status: 'investigating' }).expect(202);
    await admin().post(`/coordination/incidents/${theirs}/resolve`).send({}).expect(202);
  });

  it('keeps merges to incident-managers and configuration to admins', async () => {
    const a = await open('payments');
    const b = await open('payments');
    const responder = token({ roles: ['responder'] });
    const manager = token({ roles: ['incident-manager'] });
    expect((await as(responder).post(`/coordination/incidents/${a}/merge`).send({ into: b }).expect(403)).body.detail).toBe(
      'This route needs the role incident-manager or higher; the token holds responder',
    );
    await as(manager).post(`/coordination/incidents/${a}/merge`).send({ into: b }).expect(202);
    await as(manager).post('/coordination/teams').send({ name: 'sneaky', members: [] }).expect(403);
    await as(token({ roles: ['sender'] })).get('/coordination/incidents').expect(403);
  });
});

describe('a token issued by coordination itself (its projection, no test directory)', () => {
  let coordination: ServiceApp;
  const admin = () => asAdmin(coordination.app.getHttpServer());

  beforeAll(async () => {
    coordination = await startServiceApp({ service: COORDINATION_SERVICE, module: CoordinationModule, clock: new ManualClock('2026-03-06T09:00:00.000Z'), env: { OUTBOUND_ALLOW_CIDRS: undefined } });
    for (const name of ['payments', 'search', 'operations']) {
      const person = (await admin().post('/coordination/people').send({ name: `${name}-lead`, contactMethods: [{ kind: 'webhook', address: `https://hooks.example.com/${name}` }] }).expect(201)).body;
      await admin().post('/coordination/teams').send({ name, members: [{ personId: person.personId, onCallOrder: 1 }] }).expect(201);
    }
  });
  afterAll(() => coordination?.close());

  it("acts as its person on its team's incidents, refuses another team's (team_scope names both), and is refused once revoked", async () => {
    const alice = (await admin().post('/coordination/people').send({ name: 'alice', contactMethods: [{ kind: 'webhook', address: 'https://hooks.example.com/alice' }] }).expect(201)).body.personId;
    const issued = (await admin().post('/coordination/api-tokens').send({ name: 'alice laptop', roles: ['responder'], team: 'Payments', personId: alice }).expect(201)).body;
    const as = () => authorized(coordination.app.getHttpServer(), issued.token);
    await eventually('the projection knows the token', async () => ((await as().get('/coordination/incidents')).status === 200 ? true : undefined));

    const ours = newId();
    const theirs = newId();
    await coordination.bus.publish(topicOf('triage'), [{ key: ours, event: searchIsSlow(ours, 'payments') }]);
    await coordination.bus.publish(topicOf('triage'), [{ key: theirs, event: searchIsSlow(theirs, 'search') }]);
    await as().post(`/coordination/incidents/${ours}/acknowledge`).send({}).expect(202);
    expect((await admin().get(`/coordination/incidents/${ours}`).expect(200)).body).toMatchObject({ acknowledgedBy: `person:${alice}` });
    const refused = await as().post(`/coordination/incidents/${theirs}/acknowledge`).send({}).expect(403);
    expect(refused.body).toMatchObject({ code: 'team_scope' });
    expect(refused.body.detail).toBe('The token acts for team payments only; this incident belongs to team search');

    await admin().post(`/coordination/api-tokens/${issued.tokenId}/revoke`).send({}).expect(202);
    await eventually('the revocation is seen', async () => ((await as().get('/coordination/incidents')).status === 401 ? true : undefined));
    expect((await as().get('/coordination/incidents').expect(401)).body.code).toBe('revoked');
  });
});
