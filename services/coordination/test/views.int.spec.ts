import { ManualClock, RecordedEvent, newId, topicOf } from '@linchpin/eventsourcing';
import { IncidentReprioritisedV1, IncidentTriagedV3 } from '@linchpin/contracts';
import { eventually } from '@linchpin/testing';
import { ServiceApp, startServiceApp } from '@linchpin/service-testing';
import { CoordinationModule } from '../src/coordination.module';
import { COORDINATION_SERVICE } from '../src/service';
import { teamIdOf } from '../src/domain/team.decider';
import { ACTOR_TOKENS, as } from './support/actors';

/*
 * The views over real HTTP: a real SQLite file, the in-process bus, a ManualClock. Incidents are
 * recorded through the normal path: triage's decision published on its topic, coordination pages.
 */

const MINUTE = 60_000;
let position = 20_000;
type Priority = 'P1' | 'P2' | 'P3' | 'P4' | 'P5';
const SEVERITY = { P1: 'SEV1', P2: 'SEV2', P3: 'SEV3', P4: 'SEV4', P5: 'SEV4' } as const;
interface Triage {
  team: string;
  priority: Priority;
  service?: string;
  fallbackTeam?: string;
  title?: string;
}
const triaged = (incidentId: string, t: Triage): RecordedEvent => ({
  ...IncidentTriagedV3.create(
    newId(),
    {
      incidentId,
      priority: t.priority,
      severity: SEVERITY[t.priority],
      impact: 2,
      urgency: 2,
      matrix: { id: 'default', version: 1 },
      route: { team: t.team, ruleId: 'by-team', ruleVersion: 1 },
      fallbackRoute: { team: t.fallbackTeam ?? 'operations' },
      ...(t.service ? { service: t.service } : {}),
      title: t.title ?? `${t.priority} on ${t.team}`,
      rationale: ['test'],
    },
    { incidentId, correlationId: incidentId, causationId: newId(), actor: 'system:triage', occurredAt: new Date().toISOString() },
  ),
  streamId: `triage-${incidentId}`,
  revision: 0,
  position: ++position,
  recordedAt: new Date().toISOString(),
});

const person = (name: string) => ({ name, timeZone: 'Europe/Berlin', contactMethods: [{ kind: 'webhook', address: `https://hooks.example.com/${name}` }] });

interface Item {
  incidentId: string;
  title: string;
  priority: string;
  severity: string | null;
  service: string | null;
  status: string;
  team: string;
  openedAt: string;
  pagedAt: string | null;
  paged: boolean;
  pagedReason: string;
  acknowledgedBy: string | null;
  acknowledgedAt: string | null;
  resolvedAt: string | null;
  escalation: { level: number | null; exhausted: boolean } | null;
  responders: { personId: string; name: string }[];
  sla: Sla | null;
}

interface Sla {
  incidentId: string;
  at: string;
  clocks: { target: string; status: string; remainingSeconds: number | null; stoppedBy: string | null }[];
}

async function start(clock: ManualClock) {
  const app = await startServiceApp({ service: COORDINATION_SERVICE, module: CoordinationModule, apiTokens: ACTOR_TOKENS, clock, env: { OUTBOUND_ALLOW_CIDRS: undefined } });
  const register = async (name: string): Promise<string> => (await app.http().post('/coordination/people').send(person(name)).expect(201)).body.personId;
  const team = (name: string, members: string[]) =>
    app.http().post('/coordination/teams').send({ name, members: members.map((personId, i) => ({ personId, onCallOrder: i + 1 })) }).expect(201);
  const open = async (t: Triage): Promise<string> => {
    const incidentId = newId();
    await app.bus.publish(topicOf('triage'), [{ key: incidentId, event: triaged(incidentId, t) }]);
    await app.http().get(`/coordination/incidents/${incidentId}`).expect(200);
    return incidentId;
  };
  return { app, register, team, open };
}

describe('GET /coordination/incidents (SQLite + in-process bus + ManualClock)', () => {
  const clock = new ManualClock('2026-03-03T09:00:00.000Z');
  let coordination: ServiceApp;
  const list = async (query = '') => (await coordination.http().get(`/coordination/incidents${query}`).expect(200)).body as { items: Item[]; nextCursor: string | null };
  const ids = async (query = '') => (await list(query)).items.map((i) => i.incidentId);
  const problem = async (query: string) => {
    const res = await coordination.http().get(`/coordination/incidents${query}`).expect(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    return (res.body.errors as { field: string; reason: string }[]).map((e) => e.field);
  };

  let alice: string, carol: string;
  let a: string, b: string, c: string, d: string, e: string, f: string;

  beforeAll(async () => {
    const started = await start(clock);
    coordination = started.app;
    alice = await started.register('alice');
    const bob = await started.register('bob');
    carol = await started.register('carol');
    const olga = await started.register('olga');
    await started.team('payments', [alice, bob]);
    await started.team('search', [carol]);
    await started.team('operations', [olga]);

    a = await started.open({ team: 'payments', priority: 'P1', service: 'checkout', title: 'Checkout is down' }); // 09:00
    clock.advance(MINUTE);
    b = await started.open({ team: 'payments', priority: 'P2', service: 'checkout' }); // 09:01
    clock.advance(MINUTE);
    c = await started.open({ team: 'search', priority: 'P3', service: 'search-api' }); // 09:02
    clock.advance(MINUTE);
    d = await started.open({ team: 'nobody', fallbackTeam: 'no-such-team', priority: 'P4' }); // 09:03, nobody paged
    clock.advance(MINUTE);
    [e, f] = [await started.open({ team: 'search', priority: 'P5' }), await started.open({ team: 'search', priority: 'P5' })]; // both 09:04
    await coordination.http().post(`/coordination/incidents/${a}/acknowledge`).set(as('alice')).send({}).expect(202);
    await coordination.http().post(`/coordination/incidents/${b}/resolve`).set(as('bob')).send({ resolution: 'rolled back' }).expect(202);
  });

  afterAll(() => coordination.close());

  it('lists every incident newest first by opening time, the same instant by id', async () => {
    const [first, second] = [e, f].sort();
    expect(await ids()).toEqual([first, second, d, c, b, a]);
  });

  it('an item says what a responder scans for: status, priority, severity, service, team, pages, acknowledgement, escalation, responders', async () => {
    const { items } = await list();
    // Its SLA clocks (`sla`) start through the bus: the next test waits for them.
    const { sla: _clocks, ...acknowledged } = items.find((i) => i.incidentId === a)!;
    expect(acknowledged).toEqual({
      incidentId: a,
      title: 'Checkout is down',
      priority: 'P1',
      severity: 'SEV1',
      service: 'checkout',
      status: 'acknowledged',
      team: 'payments',
      teamId: teamIdOf('payments'),
      openedAt: '2026-03-03T09:00:00.000Z',
      pagedAt: '2026-03-03T09:00:00.000Z',
      paged: true,
      pagedReason: expect.stringContaining('lowest onCallOrder (1) of team "payments"'),
      acknowledgedBy: 'token:alice',
      acknowledgedAt: '2026-03-03T09:04:00.000Z',
      resolvedAt: null,
      escalation: { level: 1, repeat: 0, levels: 2, exhausted: false, nextDeadlineAt: null },
      responders: [{ personId: alice, name: 'alice' }],
    });
    const unpaged = items.find((i) => i.incidentId === d)!;
    expect(unpaged).toMatchObject({ status: 'triggered', paged: false, pagedAt: null, escalation: null, responders: [], service: null, pagedReason: expect.stringContaining('nobody was paged') });
    expect(items.find((i) => i.incidentId === b)).toMatchObject({ status: 'resolved', resolvedAt: '2026-03-03T09:04:00.000Z' });
  });

  it('filters by status, one or several (repeated or comma-separated)', async () => {
    expect(await ids('?status=acknowledged')).toEqual([a]);
    expect(await ids('?status=resolved&status=acknowledged')).toEqual([b, a]);
    expect(await ids('?status=acknowledged,resolved')).toEqual([b, a]);
    expect((await ids('?status=triggered')).sort()).toEqual([c, d, e, f].sort());
  });

  it('filters by priority, repeatable', async () => {
    expect(await ids('?priority=P1&priority=P2')).toEqual([b, a]);
    expect(await ids('?priority=P4')).toEqual([d]);
  });

  it('filters by team, by name in any case or by id', async () => {
    expect(await ids('?team=Payments')).toEqual([b, a]);
    expect(await ids(`?team=${teamIdOf('payments')}`)).toEqual([b, a]);
    expect(await ids('?team=nobody')).toEqual([d]);
    expect(await ids('?team=unheard-of')).toEqual([]);
  });

  it('filters by service (from triage’s decision), any case', async () => {
    expect(await ids('?service=CHECKOUT')).toEqual([b, a]);
    expect(await ids('?service=search-api')).toEqual([c]);
  });

  it('filters by responder: the incidents a person was paged for', async () => {
    expect(await ids(`?responder=${alice}`)).toEqual([b, a]);
    expect((await ids(`?responder=${carol}`)).sort()).toEqual([c, e, f].sort());
    expect(await ids(`?responder=${newId()}`)).toEqual([]);
  });

  it('filters by opening time: openedFrom included, openedTo excluded', async () => {
    expect(await ids('?openedFrom=2026-03-03T09:01:00Z&openedTo=2026-03-03T09:03:00Z')).toEqual([c, b]);
    expect(await ids('?openedFrom=2026-03-03T10:01:00%2B01:00')).toEqual(await ids('?openedFrom=2026-03-03T09:01:00Z'));
  });

  it('filters by paged or not; filters combine', async () => {
    expect(await ids('?paged=false')).toEqual([d]);
    expect(await ids('?paged=true')).toHaveLength(5);
    expect(await ids('?paged=true&status=triggered&team=search&priority=P3')).toEqual([c]);
  });

  it('pages with an opaque cursor: every incident once, in order, the last page without a cursor', async () => {
    const all = await ids();
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: { items: Item[]; nextCursor: string | null } = await list(`?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((i) => i.incidentId));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual(all);
    // The cursor keeps the filters' order: page 2 of the payments incidents.
    const first = await list('?team=payments&limit=1');
    expect(first.items.map((i) => i.incidentId)).toEqual([b]);
    const second = await list(`?team=payments&limit=1&cursor=${first.nextCursor}`);
    expect(second).toEqual({ items: [expect.objectContaining({ incidentId: a })], nextCursor: null });
  });

  it('a bad filter, limit or cursor is a 400 problem naming it; nothing is listed', async () => {
    expect(await problem('?status=investigatin')).toEqual(['status']);
    expect(await problem('?priority=P9')).toEqual(['priority']);
    expect(await problem('?responder=alice')).toEqual(['responder']);
    expect(await problem('?openedFrom=yesterday')).toEqual(['openedFrom']);
    expect(await problem('?openedFrom=2026-03-03T10:00:00Z&openedTo=2026-03-03T09:00:00Z')).toEqual(['openedTo']);
    expect(await problem('?paged=maybe')).toEqual(['paged']);
    expect(await problem('?limit=0')).toEqual(['limit']);
    expect(await problem('?limit=201')).toEqual(['limit']);
    expect(await problem('?cursor=not-a-cursor')).toEqual(['cursor']);
    expect(await problem('?colour=red')).toEqual(['colour']);
  });

  it('each item carries its SLA clocks as the war room and GET …/sla show them, counted at the request: the clock moves them', async () => {
    const slaOf = (items: Item[], id: string): Sla | null => items.find((i) => i.incidentId === id)?.sla ?? null;
    const clocks = (sla: Sla | null) => sla?.clocks.map((c) => [c.target, c.status, c.remainingSeconds]);
    // The clocks start, and stop, through the bus: wait for them, never for a deadline.
    const { items } = await eventually(
      'every item’s SLA clocks, the acknowledgement and the resolution stopping theirs',
      async () => {
        const page = await list();
        const settled = page.items.every((i) => i.sla !== null) && slaOf(page.items, a)?.clocks[0].status === 'met' && slaOf(page.items, b)?.clocks[2].stoppedBy === 'resolved';
        return settled ? page : undefined;
      },
      10_000,
    );
    const sla = slaOf(items, a);
    expect(sla).toEqual((await coordination.http().get(`/coordination/incidents/${a}/sla`).expect(200)).body);
    expect(sla).toEqual((await coordination.http().get(`/coordination/incidents/${a}`).expect(200)).body.sla);
    expect(sla).toMatchObject({ incidentId: a, at: '2026-03-03T09:04:00.000Z' });
    expect(clocks(sla)).toEqual([
      ['acknowledge', 'met', null],
      ['mitigate', 'running', 26 * 60],
      ['resolve', 'running', 236 * 60],
    ]);
    expect(clocks(slaOf(items, b))).toEqual([
      ['acknowledge', 'met', null],
      ['mitigate', 'met', null],
      ['resolve', 'met', null],
    ]);
    // A P4 has no targets: its clocks are there, none applies.
    expect(slaOf(items, d)?.clocks.map((c) => c.status)).toEqual(['not-applicable', 'not-applicable', 'not-applicable']);

    clock.advance(MINUTE);
    const later = slaOf((await list('?priority=P1')).items, a);
    expect(later?.at).toBe('2026-03-03T09:05:00.000Z');
    expect(clocks(later)).toEqual([
      ['acknowledge', 'met', null],
      ['mitigate', 'running', 25 * 60],
      ['resolve', 'running', 235 * 60],
    ]);
  });

  it('is described in the OpenAPI document, with its filters', async () => {
    const doc = (await coordination.http().get('/openapi.json').expect(200)).body;
    const op = doc.paths['/coordination/incidents'].get;
    expect(op.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['limit', 'cursor', 'status', 'priority', 'team', 'service', 'responder', 'openedFrom', 'openedTo', 'paged']),
    );
    expect(op.responses['400']).toBeDefined();
    const item = doc.components.schemas.IncidentListItemDto.properties;
    expect(item.sla).toMatchObject({ nullable: true });
    expect(JSON.stringify(item.sla)).toContain('IncidentSlaDto');
    expect(doc.paths['/coordination/people/{id}/oncall'].get.responses['404']).toBeDefined();
  });
});

describe('GET /coordination/people/{id}/oncall (SQLite + in-process bus + ManualClock)', () => {
  const clock = new ManualClock('2026-03-03T09:00:00.000Z'); // Tuesday 10:00 in Berlin
  let coordination: ServiceApp;
  let alice: string, bob: string, carol: string;
  let hours: string, weekly: string, overrideId: string;
  let open: string, resolved: string;

  beforeAll(async () => {
    const started = await start(clock);
    coordination = started.app;
    const http = () => coordination.http();
    [alice, bob, carol] = [await started.register('alice'), await started.register('bob'), await started.register('carol')];
    await started.register('olga').then((olga) => started.team('operations', [olga]));
    await started.team('payments', [alice, bob]);
    await started.team('search', [carol, alice]);
    // Weekdays 09:00–17:00 Berlin, alice and bob take turns daily from Monday: Tuesday is bob's, Wednesday alice's.
    hours = (
      await http()
        .post('/coordination/schedules')
        .send({
          name: 'payments hours',
          timeZone: 'Europe/Berlin',
          layers: [
            { name: 'business hours', participants: [alice, bob], rotation: 'daily', start: '2026-03-02T09:00', restrictions: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '17:00' }] },
          ],
        })
        .expect(201)
    ).body.scheduleId;
    // Weekly in UTC: carol this week, alice the next; alice covers carol this morning by an override.
    weekly = (
      await http()
        .post('/coordination/schedules')
        .send({ name: 'search weekly', timeZone: 'UTC', layers: [{ name: 'week', participants: [carol, alice], rotation: 'weekly', start: '2026-03-02T00:00' }] })
        .expect(201)
    ).body.scheduleId;
    overrideId = (await http().post(`/coordination/schedules/${weekly}/overrides`).send({ personId: alice, from: '2026-03-03T08:00:00Z', to: '2026-03-03T10:00:00Z' }).expect(201)).body
      .overrideId;
    // A schedule alice has no part in.
    await http()
      .post('/coordination/schedules')
      .send({ name: 'bob only', timeZone: 'UTC', layers: [{ name: 'all', participants: [bob], rotation: 'daily', start: '2026-03-02T00:00' }] })
      .expect(201);

    open = await started.open({ team: 'payments', priority: 'P2' }); // pages alice
    resolved = await started.open({ team: 'payments', priority: 'P3' });
    await http().post(`/coordination/incidents/${resolved}/resolve`).set(as('alice')).send({}).expect(202);
    await started.open({ team: 'search', priority: 'P3' }); // pages carol only
  });

  afterAll(() => coordination.close());

  it('a person on two schedules: on call now by an override, next on call on the other, every shift in the next 14 days, their teams and what is open on them', async () => {
    const body = (await coordination.http().get(`/coordination/people/${alice}/oncall`).expect(200)).body;
    expect(body).toMatchObject({ personId: alice, name: 'alice', status: 'active', from: '2026-03-03T09:00:00.000Z', to: '2026-03-17T09:00:00.000Z', onCallNow: true });
    expect(body.nextOnCall).toEqual({ scheduleId: hours, scheduleName: 'payments hours', layer: 1, overrideId: null, start: '2026-03-04T08:00:00.000Z', end: '2026-03-04T16:00:00.000Z' });
    const byName = Object.fromEntries(body.schedules.map((s: { name: string }) => [s.name, s]));
    expect(Object.keys(byName).sort()).toEqual(['payments hours', 'search weekly']);
    expect(byName['payments hours']).toMatchObject({ scheduleId: hours, timeZone: 'Europe/Berlin', version: 1, current: null });
    // Wednesday, Friday, then Monday and Wednesday of the next week and Friday (alternating days, weekdays only).
    expect(byName['payments hours'].shifts.map((s: { start: string }) => s.start)).toEqual([
      '2026-03-04T08:00:00.000Z',
      '2026-03-06T08:00:00.000Z',
      '2026-03-10T08:00:00.000Z',
      '2026-03-12T08:00:00.000Z',
      '2026-03-16T08:00:00.000Z',
    ]);
    expect(byName['search weekly']).toMatchObject({
      scheduleId: weekly,
      current: { layer: 'override', overrideId, start: '2026-03-03T08:00:00.000Z', end: '2026-03-03T10:00:00.000Z' },
      next: { layer: 1, overrideId: null, start: '2026-03-09T00:00:00.000Z', end: '2026-03-16T00:00:00.000Z' },
    });
    expect(body.teams).toEqual([
      { teamId: teamIdOf('payments'), name: 'payments', onCallOrder: 1 },
      { teamId: teamIdOf('search'), name: 'search', onCallOrder: 2 },
    ]);
    expect(body.openIncidents.map((i: Item) => i.incidentId)).toEqual([open]);
    expect(body.openIncidents[0]).toMatchObject({ status: 'triggered', responders: [{ personId: alice, name: 'alice' }] });
    // Each open incident with its SLA clocks, as the list has them (they start through the bus: waited for).
    const withClocks = await eventually(
      'the open incident’s SLA clocks',
      async () => {
        const r = (await coordination.http().get(`/coordination/people/${alice}/oncall`).expect(200)).body;
        return r.openIncidents[0]?.sla ? r : undefined;
      },
      10_000,
    );
    expect(withClocks.openIncidents[0].sla).toEqual((await coordination.http().get(`/coordination/incidents/${open}/sla`).expect(200)).body);
    expect(withClocks.openIncidents[0].sla.clocks.map((c: { target: string; status: string }) => [c.target, c.status])).toEqual([
      ['acknowledge', 'running'],
      ['mitigate', 'running'],
      ['resolve', 'running'],
    ]);
  });

  it('a range asked for: on call at its start on one schedule, nothing next before its end', async () => {
    const body = (await coordination.http().get(`/coordination/people/${alice}/oncall?from=2026-03-04T12:00:00Z&to=2026-03-05T12:00:00Z`).expect(200)).body;
    expect(body).toMatchObject({ from: '2026-03-04T12:00:00.000Z', to: '2026-03-05T12:00:00.000Z', onCallNow: true, nextOnCall: null });
    const byName = Object.fromEntries(body.schedules.map((s: { name: string }) => [s.name, s]));
    expect(byName['payments hours']).toMatchObject({ current: { start: '2026-03-04T08:00:00.000Z', end: '2026-03-04T16:00:00.000Z' }, next: null });
    expect(byName['search weekly']).toMatchObject({ current: null, next: null, shifts: [] });
  });

  it('someone on no schedule and paged for nothing open: empty lists, nobody next', async () => {
    const dave = (await coordination.http().post('/coordination/people').send(person('dave')).expect(201)).body.personId;
    expect((await coordination.http().get(`/coordination/people/${dave}/oncall`).expect(200)).body).toMatchObject({
      onCallNow: false,
      nextOnCall: null,
      schedules: [],
      teams: [],
      openIncidents: [],
    });
  });

  it('an unknown person is a 404; a bad id or range a 400 problem naming it', async () => {
    const unknown = await coordination.http().get(`/coordination/people/${newId()}/oncall`).expect(404);
    expect(unknown.headers['content-type']).toContain('application/problem+json');
    await coordination.http().get('/coordination/people/alice/oncall').expect(400);
    const field = async (query: string) => (await coordination.http().get(`/coordination/people/${alice}/oncall${query}`).expect(400)).body.errors.map((e: { field: string }) => e.field);
    expect(await field('?from=tomorrow')).toEqual(['from']);
    expect(await field('?from=2026-03-03T00:00:00Z&to=2026-03-02T00:00:00Z')).toEqual(['to']);
    expect(await field('?from=2026-03-01T00:00:00Z&to=2026-06-03T00:00:00Z')).toEqual(['to']);
    expect(await field('?to=2026-03-02T00:00:00Z')).toEqual(['to']);
  });
});

describe('the list’s service and severity, from triage’s decisions', () => {
  const clock = new ManualClock('2026-03-03T09:00:00.000Z');
  let coordination: ServiceApp;
  beforeAll(async () => {
    const started = await start(clock);
    coordination = started.app;
    await started.team('payments', [await started.register('alice')]);
  });
  afterAll(() => coordination.close());

  it('a redelivered triage decision notes nothing twice; a re-triage moves the priority and the severity shown', async () => {
    const incidentId = newId();
    const decision = triaged(incidentId, { team: 'payments', priority: 'P3', service: 'checkout' });
    await coordination.bus.publish(topicOf('triage'), [{ key: incidentId, event: decision }]);
    await coordination.bus.publish(topicOf('triage'), [{ key: incidentId, event: decision }]);
    expect(await coordination.store.readStream(`incidentTriage-${incidentId}`)).toHaveLength(1);
    const item = async () => (await coordination.http().get('/coordination/incidents?service=checkout').expect(200)).body.items[0] as Item;
    expect(await item()).toMatchObject({ incidentId, priority: 'P3', severity: 'SEV3', service: 'checkout' });

    const reprioritised: RecordedEvent = {
      ...IncidentReprioritisedV1.create(
        newId(),
        {
          incidentId,
          previous: { priority: 'P3', severity: 'SEV3', impact: 2, urgency: 2 },
          priority: 'P1',
          severity: 'SEV1',
          impact: 1,
          urgency: 1,
          trigger: 'signals',
          reason: 'more services failing',
          matrix: { id: 'default', version: 1 },
          rationale: ['impact 1 x urgency 1 = P1'],
          overridden: false,
        },
        { incidentId, correlationId: incidentId, causationId: newId(), actor: 'system:triage', occurredAt: new Date().toISOString() },
      ),
      streamId: `triage-${incidentId}`,
      revision: 1,
      position: ++position,
      recordedAt: new Date().toISOString(),
    };
    await coordination.bus.publish(topicOf('triage'), [{ key: incidentId, event: reprioritised }]);
    expect(await item()).toMatchObject({ incidentId, priority: 'P1', severity: 'SEV1', service: 'checkout' });
    expect((await coordination.http().get('/coordination/incidents?priority=P3').expect(200)).body.items).toEqual([]);
  });
});
