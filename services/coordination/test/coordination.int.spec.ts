import { INestApplication } from '@nestjs/common';
import { EVENT_STORE, EventStore, InProcessBus, RecordedEvent, newId, topicOf } from '@linchpin/eventsourcing';
import { IncidentTriagedV1, SignalsCleared } from '@linchpin/contracts';
import { SqliteEventStore } from '@linchpin/eventstore-sqlite';
import { asAdmin, eventually } from '@linchpin/testing';
import { ServiceApp, startServiceApp } from '@linchpin/service-testing';
import { CoordinationModule } from '../src/coordination.module';
import { COORDINATION_SERVICE } from '../src/service';
import { ACTOR_TOKENS, as } from './support/actors';

let position = 1000;
const triaged = (incidentId: string, team: string, id = newId()): RecordedEvent => ({
  ...IncidentTriagedV1.create(
    id,
    {
      incidentId,
      priority: 'P1',
      impact: 1,
      urgency: 1,
      matrix: { id: 'default', version: 1 },
      route: { team, ruleId: 'checkout-to-payments', ruleVersion: 3 },
      title: 'Checkout error rate above 5%',
      rationale: ['impact 1 x urgency 1 = P1'],
    },
    { incidentId, correlationId: incidentId, causationId: newId(), actor: 'system:triage', occurredAt: new Date().toISOString() },
  ),
  streamId: `triage-${incidentId}`,
  revision: 0,
  position: ++position,
  recordedAt: new Date().toISOString(),
});

describe('coordination over HTTP (SQLite + in-process bus)', () => {
  let app: INestApplication;
  let bus: InProcessBus;
  let store: SqliteEventStore;
  let coordination: ServiceApp;
  const publishTriaged = (event: RecordedEvent) => bus.publish(topicOf('triage'), [{ key: event.metadata.incidentId!, event }]);

  beforeAll(async () => {
    // Contacts point at loopback (http://127.0.0.1:9/…), which the outbound guard refuses unless allowed.
    coordination = await startServiceApp({ service: COORDINATION_SERVICE, module: CoordinationModule, apiTokens: ACTOR_TOKENS, env: { OUTBOUND_ALLOW_CIDRS: '127.0.0.0/8' } });
    ({ app, bus, store } = coordination);
  });

  afterAll(() => coordination.close());

  const team = {
    name: 'Payments',
    members: [
      { name: 'bob', onCallOrder: 2, contact: { webhookUrl: 'http://127.0.0.1:9/bob' } },
      { name: 'alice', onCallOrder: 1, contact: { webhookUrl: 'http://127.0.0.1:9/alice' } },
    ],
  };

  it('creates a team, refuses the same name again with a 409 problem, and reads it back', async () => {
    const created = await asAdmin(app.getHttpServer()).post('/coordination/teams').send(team).expect(201);
    expect(created.body.teamId).toMatch(/^[0-9a-f-]{36}$/);

    const again = await asAdmin(app.getHttpServer()).post('/coordination/teams').send({ ...team, name: 'payments' }).expect(409);
    expect(again.headers['content-type']).toContain('application/problem+json');
    expect(again.body.code).toBe('team_exists');

    const read = await asAdmin(app.getHttpServer()).get(`/coordination/teams/${created.body.teamId}`).expect(200);
    expect(read.body).toMatchObject({ teamId: created.body.teamId, name: 'Payments', autoResolve: true });
    const list = await eventually('the team in the list', async () => {
      const r = await asAdmin(app.getHttpServer()).get('/coordination/teams');
      return r.body.items?.length ? r.body : undefined;
    });
    expect(list.items.map((t: { name: string }) => t.name)).toContain('Payments');
  });

  it('rejects a bad team body with a 400 problem naming the nested field', async () => {
    const bad = {
      name: 'Broken',
      members: [{ name: 'x', onCallOrder: 1, contact: { webhookUrl: 'not a url' } }],
    };
    const res = await asAdmin(app.getHttpServer()).post('/coordination/teams').send(bad).expect(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain('members.0.contact.webhookUrl');

    const dup = await asAdmin(app.getHttpServer())
      .post('/coordination/teams')
      .send({ name: 'Dup', members: [team.members[0], { ...team.members[1], onCallOrder: 2 }] })
      .expect(400);
    expect(dup.body.errors.map((e: { field: string }) => e.field)).toContain('members');
    await asAdmin(app.getHttpServer()).post('/coordination/teams').send({ name: 'Empty', members: [] }).expect(400);
  });

  it('refuses a blank team or member name with a 400 naming the field, and stores no team (every consumer would refuse it)', async () => {
    const before = (await store.readAll()).length;
    const blank = await asAdmin(app.getHttpServer())
      .post('/coordination/teams')
      .send({ name: '   ', members: [{ ...team.members[0], name: ' \t ' }] })
      .expect(400);
    expect(blank.body.errors).toEqual(
      expect.arrayContaining([
        { field: 'name', reason: 'name must not be blank' },
        { field: 'members.0.name', reason: 'name must not be blank' },
      ]),
    );
    expect((await store.readAll()).length).toBe(before);
  });

  it('pages the lowest onCallOrder member once when triage routes to the team, then ack → 202, resolve, ack after resolve → 409', async () => {
    const incidentId = newId();
    await asAdmin(app.getHttpServer()).get(`/coordination/incidents/${incidentId}`).expect(404);

    const event = triaged(incidentId, 'payments');
    await publishTriaged(event);
    await publishTriaged(event); // redelivery

    const incident = (await asAdmin(app.getHttpServer()).get(`/coordination/incidents/${incidentId}`).expect(200)).body;
    expect(incident).toMatchObject({ incidentId, status: 'triggered', priority: 'P1', team: 'Payments', title: 'Checkout error rate above 5%' });
    expect(incident.pages).toHaveLength(1);
    expect(incident.pages[0]).toMatchObject({ responder: 'alice', escalationLevel: 1 });
    expect(incident.pages[0].reason).toContain('checkout-to-payments v3');

    const ack = await asAdmin(app.getHttpServer()).post(`/coordination/incidents/${incidentId}/acknowledge`).set(as('alice')).send({}).expect(202);
    expect(ack.body.eventId).toMatch(/^[0-9a-f-]{36}$/);
    const second = await asAdmin(app.getHttpServer()).post(`/coordination/incidents/${incidentId}/acknowledge`).set(as('bob')).send({}).expect(409);
    expect(second.body.code).toBe('already_acknowledged');

    await asAdmin(app.getHttpServer()).post(`/coordination/incidents/${incidentId}/resolve`).set(as('alice')).send({ resolution: 'rolled back' }).expect(202);
    const late = await asAdmin(app.getHttpServer()).post(`/coordination/incidents/${incidentId}/acknowledge`).set(as('alice')).send({}).expect(409);
    expect(late.headers['content-type']).toContain('application/problem+json');
    expect(late.body.code).toBe('already_resolved');
    await asAdmin(app.getHttpServer()).post(`/coordination/incidents/${incidentId}/resolve`).set(as('alice')).send({}).expect(409);

    const final = (await asAdmin(app.getHttpServer()).get(`/coordination/incidents/${incidentId}`).expect(200)).body;
    expect(final).toMatchObject({ status: 'resolved', acknowledgedBy: 'token:alice', resolvedBy: 'token:alice', resolution: 'rolled back' });

    const stored = await app.get<EventStore>(EVENT_STORE).readStream(`response-${incidentId}`);
    // The escalation starts with the page; acknowledging cancels its level deadline.
    expect(stored.map((e) => e.type)).toEqual(['EscalationStarted', 'EscalationLevelReached', 'TimerScheduled', 'ResponderPaged', 'IncidentAcknowledged', 'TimerCancelled', 'IncidentResolved']);
    // Who acknowledged is the token's principal, in the event and its metadata alike; the body's `by` is only on-behalf-of text.
    const acknowledged = stored.find((e) => e.type === 'IncidentAcknowledged')!;
    expect([(acknowledged.data as { by: string }).by, acknowledged.metadata.actor]).toEqual(['token:alice', 'token:alice']);
  });

  it('records IncidentUnrouted when the routed team is unknown, and 404s acknowledging an unknown incident', async () => {
    const incidentId = newId();
    await publishTriaged(triaged(incidentId, 'nobody-here'));
    const incident = (await asAdmin(app.getHttpServer()).get(`/coordination/incidents/${incidentId}`).expect(200)).body;
    expect(incident).toMatchObject({ status: 'triggered', team: 'nobody-here', pages: [] });
    const stored = await app.get<EventStore>(EVENT_STORE).readStream(`response-${incidentId}`);
    expect(stored.map((e) => e.type)).toEqual(['IncidentUnrouted']);

    const unknown = await asAdmin(app.getHttpServer()).post(`/coordination/incidents/${newId()}/acknowledge`).set(as('alice')).send({}).expect(404);
    expect(unknown.headers['content-type']).toContain('application/problem+json');
    // `by` is optional on-behalf-of text, but one given must say something.
    const blank = await asAdmin(app.getHttpServer()).post(`/coordination/incidents/${incidentId}/acknowledge`).send({ by: '' }).expect(400);
    expect(blank.body.errors.map((e: { field: string }) => e.field)).toEqual(['by']);
  });

  describe('auto-resolve when every alert has resolved at its source', () => {
    const publishDetection = (event: RecordedEvent) => bus.publish(topicOf('detection'), [{ key: event.metadata.incidentId!, event }]);
    const cleared = (incidentId: string): RecordedEvent => ({
      ...SignalsCleared.create(
        newId(),
        { incidentId, alertCount: 2, clearedAt: '2026-01-01T10:30:00.000Z' },
        { incidentId, correlationId: incidentId, causationId: newId(), actor: 'system:detection', occurredAt: new Date().toISOString() },
      ),
      streamId: `detection-${incidentId}`,
      revision: 3,
      position: ++position,
      recordedAt: new Date().toISOString(),
    });

    it("resolves an acknowledged incident of a team whose policy says so (the default), once, with who and why", async () => {
      await asAdmin(app.getHttpServer()).post('/coordination/teams').send({ ...team, name: 'Search' }).expect(201);
      const incidentId = newId();
      await publishTriaged(triaged(incidentId, 'search'));
      await asAdmin(app.getHttpServer()).post(`/coordination/incidents/${incidentId}/acknowledge`).set(as('alice')).send({}).expect(202);
      const event = cleared(incidentId);
      await publishDetection(event);
      await publishDetection(event);

      const view = (await asAdmin(app.getHttpServer()).get(`/coordination/incidents/${incidentId}`).expect(200)).body;
      expect(view).toMatchObject({ status: 'resolved', resolvedBy: 'system:auto-resolve', resolution: 'all 2 alert(s) resolved at their source (last at 2026-01-01T10:30:00.000Z)' });
      const stored = await store.readStream(`response-${incidentId}`);
      // The escalation starts with the page; acknowledging cancels its level deadline.
      expect(stored.map((e) => e.type)).toEqual(['EscalationStarted', 'EscalationLevelReached', 'TimerScheduled', 'ResponderPaged', 'IncidentAcknowledged', 'TimerCancelled', 'IncidentResolved']);
    });

    it('leaves the incident open for a team with autoResolve: false, and an already resolved one alone', async () => {
      await asAdmin(app.getHttpServer()).post('/coordination/teams').send({ ...team, name: 'Database', autoResolve: false }).expect(201);
      const open = newId();
      await publishTriaged(triaged(open, 'database'));
      await publishDetection(cleared(open));
      expect((await asAdmin(app.getHttpServer()).get(`/coordination/incidents/${open}`).expect(200)).body.status).toBe('triggered');

      const resolved = newId();
      await publishTriaged(triaged(resolved, 'search'));
      await asAdmin(app.getHttpServer()).post(`/coordination/incidents/${resolved}/resolve`).set(as('bob')).send({ resolution: 'fixed by hand' }).expect(202);
      await publishDetection(cleared(resolved));
      expect((await asAdmin(app.getHttpServer()).get(`/coordination/incidents/${resolved}`).expect(200)).body).toMatchObject({ resolvedBy: 'token:bob', resolution: 'fixed by hand' });
    });
  });
});
