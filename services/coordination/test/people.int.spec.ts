import { InProcessBus, RecordedEvent, newId, topicOf } from '@linchpin/eventsourcing';
import { IncidentTriagedV1, PersonRegistered, TeamCreatedV2, legacyContactMethodIdOf, legacyPersonIdOf } from '@linchpin/contracts';
import { SqliteEventStore } from '@linchpin/eventstore-sqlite';
import { asAdmin, eventually } from '@linchpin/testing';
import { ServiceApp, startServiceApp } from '@linchpin/service-testing';
import { CoordinationModule } from '../src/coordination.module';
import { COORDINATION_SERVICE } from '../src/service';
import { teamIdOf } from '../src/domain/team.decider';

let position = 5000;
const triaged = (incidentId: string, team: string): RecordedEvent => ({
  ...IncidentTriagedV1.create(
    newId(),
    {
      incidentId,
      priority: 'P2',
      impact: 2,
      urgency: 2,
      matrix: { id: 'default', version: 1 },
      route: { team, ruleId: 'by-team', ruleVersion: 1 },
      title: 'Search is slow',
      rationale: ['impact 2 x urgency 2 = P2'],
    },
    { incidentId, correlationId: incidentId, causationId: newId(), actor: 'system:triage', occurredAt: new Date().toISOString() },
  ),
  streamId: `triage-${incidentId}`,
  revision: 0,
  position: ++position,
  recordedAt: new Date().toISOString(),
});

describe('people and changeable teams over HTTP (SQLite + in-process bus)', () => {
  let coordination: ServiceApp;
  let bus: InProcessBus;
  let store: SqliteEventStore;
  const http = () => asAdmin(coordination.app.getHttpServer());
  const page = async (team: string) => {
    const incidentId = newId();
    const event = triaged(incidentId, team);
    await bus.publish(topicOf('triage'), [{ key: incidentId, event }]);
    return (await http().get(`/coordination/incidents/${incidentId}`).expect(200)).body;
  };
  const person = (name: string, over: Record<string, unknown> = {}) => ({
    name,
    timeZone: 'Europe/Paris',
    contactMethods: [
      { kind: 'webhook', address: `https://hooks.example.com/${name}`, label: 'pager' },
      { kind: 'email', address: `${name}@example.com` },
    ],
    ...over,
  });

  beforeAll(async () => {
    coordination = await startServiceApp({ service: COORDINATION_SERVICE, module: CoordinationModule, env: { OUTBOUND_ALLOW_CIDRS: undefined } });
    ({ bus, store } = coordination);
  });

  afterAll(() => coordination.close());

  it('registers a person: 201 with an id per contact method, every method at minute 0 by default, UTC when no zone is given', async () => {
    const created = await http().post('/coordination/people').send(person('alice', { timeZone: undefined, email: 'alice@example.com' })).expect(201);
    expect(created.body).toEqual({
      personId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      contactMethods: [
        { id: expect.stringMatching(/^[0-9a-f-]{36}$/), kind: 'webhook' },
        { id: expect.stringMatching(/^[0-9a-f-]{36}$/), kind: 'email' },
      ],
    });
    const [hook, mail] = created.body.contactMethods.map((c: { id: string }) => c.id);
    const read = (await http().get(`/coordination/people/${created.body.personId}`).expect(200)).body;
    expect(read).toMatchObject({
      personId: created.body.personId,
      status: 'active',
      name: 'alice',
      email: 'alice@example.com',
      timeZone: 'UTC',
      notificationRules: [
        { contactMethodId: hook, afterMinutes: 0 },
        { contactMethodId: mail, afterMinutes: 0 },
      ],
    });
    const stored = await store.readStream(`person-${created.body.personId}`);
    expect(stored.map((e) => e.type)).toEqual(['PersonRegistered']);
  });

  it('lists people by name, cursor-paged', async () => {
    await http().post('/coordination/people').send(person('zoe')).expect(201);
    const first = (await http().get('/coordination/people?limit=1').expect(200)).body;
    expect(first.items).toHaveLength(1);
    expect(first.nextCursor).toEqual(expect.any(String));
    const rest = (await http().get(`/coordination/people?limit=200&cursor=${first.nextCursor}`).expect(200)).body;
    const names = [...first.items, ...rest.items].map((p: { name: string }) => p.name);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
    expect(names).toEqual(expect.arrayContaining(['alice', 'zoe']));
    expect(rest.nextCursor).toBeNull();
  });

  it('refuses a bad zone, a refused webhook, a slack URL that is no URL, an email that is none, and a rule pointing nowhere, naming each field; stores nothing', async () => {
    const before = (await store.readAll()).length;
    const zone = await http().post('/coordination/people').send(person('bad', { timeZone: 'Mars/Olympus' })).expect(400);
    expect(zone.headers['content-type']).toContain('application/problem+json');
    expect(zone.body.errors).toEqual([{ field: 'timeZone', reason: expect.stringContaining('IANA') }]);

    const refused = await http()
      .post('/coordination/people')
      .send(person('bad', { contactMethods: [{ kind: 'webhook', address: 'https://hooks.example.com/ok' }, { kind: 'slack', address: 'http://169.254.169.254/latest' }] }))
      .expect(400);
    expect(refused.body.errors).toEqual([{ field: 'contactMethods.1.address', reason: expect.stringContaining('link-local') }]);

    const shapes = await http()
      .post('/coordination/people')
      .send(person('bad', { contactMethods: [{ kind: 'slack', address: 'not a url' }, { kind: 'email', address: 'https://not-an-email' }, { kind: 'fax', address: '123' }] }))
      .expect(400);
    expect(shapes.body.errors.map((e: { field: string }) => e.field)).toEqual(['contactMethods.0.address', 'contactMethods.1.address', 'contactMethods.2.kind', 'contactMethods.2.address']);

    const rule = await http()
      .post('/coordination/people')
      .send(person('bad', { notificationRules: [{ contactMethod: 2, afterMinutes: 0 }] }))
      .expect(400);
    expect(rule.body.errors).toEqual([{ field: 'notificationRules.0.contactMethod', reason: expect.stringContaining('no contact method 2') }]);
    expect((await store.readAll()).length).toBe(before);
  });

  it('registers a person with a Microsoft Teams contact method (PersonRegistered v2), pages them on it (ResponderPaged v3), and takes it on PUT (PersonUpdated v2)', async () => {
    const teamsUrl = 'https://example.webhook.office.com/webhookb2/erin';
    const created = await http().post('/coordination/people').send(person('erin', { contactMethods: [{ kind: 'teams', address: teamsUrl, label: 'channel' }] })).expect(201);
    expect(created.body.contactMethods).toEqual([{ id: expect.stringMatching(/^[0-9a-f-]{36}$/), kind: 'teams' }]);
    const [teamsId] = created.body.contactMethods.map((c: { id: string }) => c.id);
    const read = (await http().get(`/coordination/people/${created.body.personId}`).expect(200)).body;
    expect(read.contactMethods).toEqual([{ id: teamsId, kind: 'teams', address: teamsUrl, label: 'channel' }]);
    const [registered] = await store.readStream(`person-${created.body.personId}`);
    expect(registered).toMatchObject({ type: 'PersonRegistered', schemaVersion: 2, data: { contactMethods: [{ id: teamsId, kind: 'teams', address: teamsUrl }] } });

    await http().post('/coordination/teams').send({ name: 'Teams paging', members: [{ personId: created.body.personId, onCallOrder: 1 }] }).expect(201);
    const incident = await page('teams paging');
    expect(incident.pages).toEqual([expect.objectContaining({ personId: created.body.personId, contactMethodId: teamsId, contactKind: 'teams' })]);
    const paged = (await store.readStream(`response-${incident.incidentId}`)).find((e) => e.type === 'ResponderPaged')!;
    expect(paged).toMatchObject({ schemaVersion: 3, data: { contactMethodId: teamsId, contactKind: 'teams' } });
    expect(JSON.stringify(paged.data)).not.toContain('office.com');

    await http()
      .put(`/coordination/people/${created.body.personId}`)
      .send({ name: 'erin', contactMethods: [{ id: teamsId, kind: 'teams', address: `${teamsUrl}2` }] })
      .expect(200);
    const updated = (await store.readStream(`person-${created.body.personId}`)).at(-1)!;
    expect(updated).toMatchObject({ type: 'PersonUpdated', schemaVersion: 2, data: { contactMethods: [{ id: teamsId, kind: 'teams', address: `${teamsUrl}2` }] } });
  });

  it('refuses a teams address that is no http(s) URL, or one the outbound guard refuses, naming the address; stores nothing', async () => {
    const before = (await store.readAll()).length;
    const shapes = await http()
      .post('/coordination/people')
      .send(person('bad', { contactMethods: [{ kind: 'teams', address: 'not a url' }, { kind: 'teams', address: 'erin@example.com' }] }))
      .expect(400);
    expect(shapes.body.errors).toEqual([
      { field: 'contactMethods.0.address', reason: expect.stringContaining('http(s) URL') },
      { field: 'contactMethods.1.address', reason: expect.stringContaining('http(s) URL') },
    ]);
    const refused = await http()
      .post('/coordination/people')
      .send(person('bad', { contactMethods: [{ kind: 'teams', address: 'http://169.254.169.254/latest' }] }))
      .expect(400);
    expect(refused.body.errors).toEqual([{ field: 'contactMethods.0.address', reason: expect.stringContaining('link-local') }]);
    expect((await store.readAll()).length).toBe(before);
  });

  it('says in its OpenAPI document that a contact method, a page and a page explanation may be teams', async () => {
    const doc = (await http().get('/openapi.json').expect(200)).body;
    const kinds = ['webhook', 'slack', 'teams', 'email'];
    expect(doc.components.schemas.ContactMethodDto.properties.kind).toMatchObject({ enum: kinds, description: expect.stringContaining('`teams`') });
    expect(doc.components.schemas.ContactMethodDto.properties.address.description).toContain('teams');
    expect(doc.components.schemas.PageDto.properties.contactKind.enum).toEqual(kinds);
    expect(doc.components.schemas.PageContactMethodDto.properties.kind.enum).toEqual(kinds);
  });

  it('replaces a person keeping the contact method ids passed back; wrong ids are 400/404; a retired person takes no change (409)', async () => {
    const created = (await http().post('/coordination/people').send(person('bob')).expect(201)).body;
    const [hook] = created.contactMethods.map((c: { id: string }) => c.id);
    const replaced = await http()
      .put(`/coordination/people/${created.personId}`)
      .send({ name: 'Bob', timeZone: 'America/New_York', contactMethods: [{ id: hook, kind: 'webhook', address: 'https://hooks.example.com/bob2' }, { kind: 'slack', address: 'https://hooks.slack.com/services/T/B/x' }], notificationRules: [{ contactMethod: hook, afterMinutes: 0 }, { contactMethod: 1, afterMinutes: 5 }] })
      .expect(200);
    expect(replaced.body.contactMethods[0]).toEqual({ id: hook, kind: 'webhook' });
    const slack = replaced.body.contactMethods[1].id;
    expect(slack).not.toBe(created.contactMethods[1].id);
    const read = (await http().get(`/coordination/people/${created.personId}`).expect(200)).body;
    expect(read).toMatchObject({ name: 'Bob', timeZone: 'America/New_York', notificationRules: [{ contactMethodId: hook, afterMinutes: 0 }, { contactMethodId: slack, afterMinutes: 5 }] });

    const stranger = await http()
      .put(`/coordination/people/${created.personId}`)
      .send({ name: 'Bob', contactMethods: [{ id: newId(), kind: 'webhook', address: 'https://hooks.example.com/bob' }] })
      .expect(400);
    expect(stranger.body.errors).toEqual([{ field: 'contactMethods.0.id', reason: expect.stringContaining('has no contact method') }]);
    await http().put(`/coordination/people/${newId()}`).send(person('nobody')).expect(404);
    await http().get(`/coordination/people/${newId()}`).expect(404);
    await http().delete(`/coordination/people/${newId()}`).expect(404);
    await http().get('/coordination/people/not-a-uuid').expect(400);

    await http().delete(`/coordination/people/${created.personId}`).expect(202);
    const late = await http().put(`/coordination/people/${created.personId}`).send(person('bob')).expect(409);
    expect(late.body.code).toBe('person_retired');
    expect((await http().delete(`/coordination/people/${created.personId}`).expect(409)).body.code).toBe('person_retired');
    expect((await http().get(`/coordination/people/${created.personId}`).expect(200)).body.status).toBe('retired');
    const stored = await store.readStream(`person-${created.personId}`);
    expect(stored.map((e) => e.type)).toEqual(['PersonRegistered', 'PersonUpdated', 'PersonRetired']);
  });

  it('shows a webhook address stored with credentials (before the outbound guard refused them) without them; the event keeps it', async () => {
    const secretUrl = 'https://pager:s3cret@hooks.example.com/erin?token=t0k3n&team=sre';
    const personId = newId();
    const contactMethodId = newId();
    await store.append(
      `person-${personId}`,
      [
        PersonRegistered.create(
          newId(),
          { personId, name: 'erin', timeZone: 'UTC', contactMethods: [{ id: contactMethodId, kind: 'webhook', address: secretUrl }], notificationRules: [{ contactMethodId, afterMinutes: 0 }] },
          { correlationId: 'r', causationId: 'r', actor: 'api', occurredAt: new Date().toISOString() },
        ),
      ],
      'no_stream',
    );
    const read = (await http().get(`/coordination/people/${personId}`).expect(200)).body;
    expect(read.contactMethods).toEqual([{ id: contactMethodId, kind: 'webhook', address: 'https://***@hooks.example.com/erin?token=***&team=sre' }]);
    const listed = await eventually('erin listed', async () => {
      const body = (await http().get('/coordination/people?limit=200').expect(200)).body;
      return JSON.stringify(body).includes(personId) ? JSON.stringify(body) : undefined;
    });
    expect(listed).not.toMatch(/s3cret|t0k3n/);
    expect(((await store.readStream(`person-${personId}`))[0].data as { contactMethods: { address: string }[] }).contactMethods[0].address).toBe(secretUrl);
  });

  describe('teams of people', () => {
    let carol: { personId: string; contactMethods: { id: string }[] };
    let dave: { personId: string; contactMethods: { id: string }[] };

    beforeAll(async () => {
      carol = (await http().post('/coordination/people').send(person('carol', { contactMethods: [{ kind: 'slack', address: 'https://hooks.slack.com/services/T/B/carol' }] })).expect(201)).body;
      dave = (await http().post('/coordination/people').send(person('dave')).expect(201)).body;
    });

    it('pages the person with the lowest onCallOrder by their first contact method; the page names the person and method, never the address', async () => {
      const created = await http()
        .post('/coordination/teams')
        .send({ name: 'Search', members: [{ personId: dave.personId, onCallOrder: 2 }, { personId: carol.personId, onCallOrder: 1 }] })
        .expect(201);
      const team = (await http().get(`/coordination/teams/${created.body.teamId}`).expect(200)).body;
      expect(team).toEqual({
        teamId: created.body.teamId,
        name: 'Search',
        status: 'active',
        members: [
          { personId: dave.personId, onCallOrder: 2 },
          { personId: carol.personId, onCallOrder: 1 },
        ],
        autoResolve: true,
        defaultEscalationPolicyId: null,
      });
      const incident = await page('search');
      expect(incident.pages).toEqual([
        expect.objectContaining({ personId: carol.personId, responder: 'carol', contactMethodId: carol.contactMethods[0].id, contactKind: 'slack', escalationLevel: 1 }),
      ]);
      expect(JSON.stringify(incident)).not.toContain('hooks.slack.com');
      const paged = (await store.readStream(`response-${incident.incidentId}`)).find((e) => e.type === 'ResponderPaged')!;
      expect(paged).toMatchObject({ type: 'ResponderPaged', schemaVersion: 3 });
      expect(JSON.stringify(paged.data)).not.toContain('hooks.slack.com');
    });

    it('PUT changes the members and the default policy; unknown or retired people and a new name are refused; a retired person is never paged', async () => {
      const teamId = teamIdOf('search');
      const unknown = await http().put(`/coordination/teams/${teamId}`).send({ name: 'search', members: [{ personId: newId(), onCallOrder: 1 }] }).expect(409);
      expect(unknown.body.code).toBe('unknown_reference');
      expect(unknown.body.errors).toEqual([{ field: 'members.0.personId', reason: expect.stringContaining('does not exist') }]);
      const renamed = await http().put(`/coordination/teams/${teamId}`).send({ name: 'find', members: [{ personId: dave.personId, onCallOrder: 1 }] }).expect(409);
      expect(renamed.body.code).toBe('team_name_fixed');
      await http().put(`/coordination/teams/${newId()}`).send({ name: 'x', members: [{ personId: dave.personId, onCallOrder: 1 }] }).expect(404);
      const policy = newId();
      await http()
        .put(`/coordination/teams/${teamId}`)
        .send({ name: 'SEARCH', members: [{ personId: carol.personId, onCallOrder: 1 }, { personId: dave.personId, onCallOrder: 2 }], defaultEscalationPolicyId: policy })
        .expect(200);
      expect((await http().get(`/coordination/teams/${teamId}`).expect(200)).body).toMatchObject({ name: 'SEARCH', defaultEscalationPolicyId: policy });

      // carol retires: the team still lists her, but dave (next in order) is paged.
      await http().delete(`/coordination/people/${carol.personId}`).expect(202);
      const incident = await page('search');
      expect(incident.pages).toEqual([expect.objectContaining({ personId: dave.personId, responder: 'dave', contactKind: 'webhook' })]);
      const retired = await http().put(`/coordination/teams/${teamId}`).send({ name: 'search', members: [{ personId: carol.personId, onCallOrder: 1 }] }).expect(409);
      expect(retired.body.errors).toEqual([{ field: 'members.0.personId', reason: expect.stringContaining('is retired') }]);
    });

    it('DELETE retires a team: routing treats it as unknown, and no change is accepted after', async () => {
      await http().post('/coordination/teams').send({ name: 'Legacy-ops', members: [{ personId: dave.personId, onCallOrder: 1 }] }).expect(201);
      const teamId = teamIdOf('legacy-ops');
      await http().delete(`/coordination/teams/${teamId}`).expect(202);
      expect((await http().delete(`/coordination/teams/${teamId}`).expect(409)).body.code).toBe('team_retired');
      expect((await http().put(`/coordination/teams/${teamId}`).send({ name: 'legacy-ops', members: [{ personId: dave.personId, onCallOrder: 1 }] }).expect(409)).body.code).toBe('team_retired');
      expect((await http().post('/coordination/teams').send({ name: 'legacy-ops', members: [{ personId: dave.personId, onCallOrder: 1 }] }).expect(409)).body.code).toBe('team_retired');
      expect((await http().get(`/coordination/teams/${teamId}`).expect(200)).body.status).toBe('retired');
      const incident = await page('legacy-ops');
      expect(incident.pages).toEqual([]);
      expect(incident.pagedReason).toContain('team "legacy-ops" does not exist');
    });
  });

  describe('the payload from before people existed', () => {
    it('a legacy member becomes a person (id from team and name) with one webhook; a retried POST registers nobody twice', async () => {
      const body = { name: 'Payments', members: [{ name: 'erin', onCallOrder: 1, contact: { webhookUrl: 'https://hooks.example.com/erin' } }] };
      const created = await http().post('/coordination/teams').send(body).expect(201);
      await http().post('/coordination/teams').send(body).expect(409);
      const personId = legacyPersonIdOf(created.body.teamId, 'erin');
      expect((await http().get(`/coordination/teams/${created.body.teamId}`).expect(200)).body.members).toEqual([{ personId, onCallOrder: 1 }]);
      const erin = (await http().get(`/coordination/people/${personId}`).expect(200)).body;
      expect(erin).toMatchObject({ name: 'erin', timeZone: 'UTC', contactMethods: [{ id: legacyContactMethodIdOf(personId), kind: 'webhook', address: 'https://hooks.example.com/erin' }] });
      expect((await store.readStream(`person-${personId}`)).map((e) => e.type)).toEqual(['PersonRegistered']);

      const incident = await page('payments');
      expect(incident.pages).toEqual([expect.objectContaining({ personId, responder: 'erin', contactMethodId: legacyContactMethodIdOf(personId), contactKind: 'webhook' })]);
    });

    it('refuses two legacy members of one name (each becomes a person)', async () => {
      const res = await http()
        .post('/coordination/teams')
        .send({ name: 'Twins', members: [{ name: 'sam', onCallOrder: 1, contact: { webhookUrl: 'https://hooks.example.com/a' } }, { name: 'Sam', onCallOrder: 2, contact: { webhookUrl: 'https://hooks.example.com/b' } }] })
        .expect(400);
      expect(res.body.errors).toEqual([{ field: 'members', reason: expect.stringContaining('unique') }]);
    });

    it('a team stored as TeamCreated v2 (inline contacts) still pages: its member is registered as the derived person on first page', async () => {
      const teamId = teamIdOf('archive');
      const v2 = TeamCreatedV2.create(
        newId(),
        { teamId, name: 'archive', members: [{ name: 'fay', onCallOrder: 1, contact: { webhookUrl: 'https://hooks.example.com/fay' } }], autoResolve: true },
        { correlationId: 'r', causationId: 'r', actor: 'api', occurredAt: new Date().toISOString() },
      );
      await store.append(`team-${teamId}`, [v2], 'no_stream');
      const personId = legacyPersonIdOf(teamId, 'fay');
      expect((await http().get(`/coordination/teams/${teamId}`).expect(200)).body.members).toEqual([{ personId, onCallOrder: 1 }]);

      const incident = await page('archive');
      expect(incident.pages).toEqual([expect.objectContaining({ personId, responder: 'fay', contactMethodId: legacyContactMethodIdOf(personId), contactKind: 'webhook' })]);
      const fay = await eventually('fay registered', async () => (await http().get(`/coordination/people/${personId}`)).body.contactMethods);
      expect(fay).toEqual([{ id: legacyContactMethodIdOf(personId), kind: 'webhook', address: 'https://hooks.example.com/fay' }]);
      await page('archive');
      expect((await store.readStream(`person-${personId}`)).map((e) => e.type)).toEqual(['PersonRegistered']);
    });
  });
});
