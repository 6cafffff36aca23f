import request from 'supertest';
import { asAdmin } from '@linchpin/testing';
import { ManualClock, newId, topicOf } from '@linchpin/eventsourcing';
import { ServiceApp, startServiceApp } from '@linchpin/service-testing';
import { CoordinationModule } from '../src/coordination.module';
import { COORDINATION_SERVICE } from '../src/service';
import { EscalationTimers } from '../src/application/escalation.timers';
import { triaged } from './support/triaged';

/*
 * What-if for people over HTTP (real SQLite file, in-process bus, ManualClock): a month of incidents
 * recorded through the normal path (people, a weekly rotation of three, a policy, teams; triage's
 * decisions published, deadlines fired by moving the clock, acknowledgements over HTTP), then
 * simulated under a daily rotation. Expected pages per person come from the rotation arithmetic
 * here, not from the code.
 */

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
type Name = 'alice' | 'bob' | 'carol' | 'olga';
const rotation: Name[] = ['alice', 'bob', 'carol'];
const START = Date.parse('2026-03-02T09:00:00Z'); // Monday

/** When each incident was paged, when acknowledged (minutes after; null: never) and resolved. */
const month: { at: string; ackAfter: number | null; resolveAfter: number }[] = [
  { at: '2026-03-02T10:00:00Z', ackAfter: 5, resolveAfter: 60 },
  { at: '2026-03-03T03:00:00Z', ackAfter: 20, resolveAfter: 60 },
  { at: '2026-03-07T14:00:00Z', ackAfter: 40, resolveAfter: 60 },
  { at: '2026-03-10T08:30:00Z', ackAfter: 1, resolveAfter: 60 },
  { at: '2026-03-12T16:50:00Z', ackAfter: 16, resolveAfter: 60 },
  // Not at 15: the timer driver follows the clock, so an acknowledgement sent exactly at the deadline comes after it fired.
  { at: '2026-03-16T09:00:00Z', ackAfter: 14, resolveAfter: 60 },
  { at: '2026-03-20T22:00:00Z', ackAfter: null, resolveAfter: 10 },
  { at: '2026-03-24T12:00:00Z', ackAfter: 5, resolveAfter: 60 },
  { at: '2026-03-29T10:00:00Z', ackAfter: null, resolveAfter: 120 },
];
const outside = { at: '2026-04-02T10:00:00Z', ackAfter: 5, resolveAfter: 60 }; // after the range simulated

/** Level 1: whose turn in a rotation of `periodDays`; level 2 (alice) at +15 and olga (exhausted) at +30 while still open. */
const byHand = (incident: (typeof month)[number], periodDays: number): { name: Name; at: number }[] => {
  const t = Date.parse(incident.at);
  const end = Math.min(incident.ackAfter ?? Infinity, incident.resolveAfter);
  const pages = [{ name: rotation[Math.floor((t - START) / (periodDays * DAY)) % 3], at: t }];
  if (end > 15) pages.push({ name: 'alice', at: t + 15 * MINUTE });
  if (end > 30) pages.push({ name: 'olga', at: t + 30 * MINUTE });
  return pages;
};
const outOfHours = (at: number): boolean => {
  const d = new Date(at);
  const minute = d.getUTCHours() * 60 + d.getUTCMinutes();
  return d.getUTCDay() === 0 || d.getUTCDay() === 6 || minute < 540 || minute >= 1020;
};

describe('POST /coordination/simulate over HTTP (SQLite + in-process bus + ManualClock)', () => {
  let coordination: ServiceApp;
  const clock = new ManualClock('2026-03-01T00:00:00.000Z');
  const http = () => asAdmin(coordination.app.getHttpServer());
  const tick = () => coordination.app.get(EscalationTimers).driver.tick();
  const people: Record<Name, string> = { alice: '', bob: '', carol: '', olga: '' };
  let scheduleId = '';
  let policyId = '';

  const dailyRotation = () => ({
    name: 'payments primary (daily)',
    timeZone: 'UTC',
    layers: [{ name: 'daily', participants: rotation.map((n) => people[n]), rotation: 'daily', start: '2026-03-02T09:00' }],
  });
  const simulate = (body: Record<string, unknown>) => http().post('/coordination/simulate').send({ from: '2026-03-01T00:00:00Z', to: '2026-04-01T00:00:00Z', ...body });

  /** Records one incident through the normal path: triage's decision, deadlines fired as the clock passes them, then acknowledged and resolved over HTTP. */
  const record = async (incident: (typeof month)[number]) => {
    const t = Date.parse(incident.at);
    clock.set(incident.at);
    const incidentId = newId();
    await coordination.bus.publish(topicOf('triage'), [{ key: incidentId, event: triaged(incidentId, { priority: 'P2', severity: 'SEV2', impact: 2, urgency: 2, title: 'Payments are slow' }) }]);
    const end = Math.min(incident.ackAfter ?? Infinity, incident.resolveAfter);
    for (const deadline of [15, 30]) {
      if (deadline >= end) break;
      clock.set(new Date(t + deadline * MINUTE));
      await tick();
    }
    if (incident.ackAfter !== null) {
      clock.set(new Date(t + incident.ackAfter * MINUTE));
      await http().post(`/coordination/incidents/${incidentId}/acknowledge`).send({ by: 'whoever' }).expect(202);
    }
    clock.set(new Date(t + incident.resolveAfter * MINUTE));
    await http().post(`/coordination/incidents/${incidentId}/resolve`).send({ by: 'whoever' }).expect(202);
    return incidentId;
  };

  beforeAll(async () => {
    coordination = await startServiceApp({ service: COORDINATION_SERVICE, module: CoordinationModule, clock, env: { OUTBOUND_ALLOW_CIDRS: undefined } });
    // These tests are about the replay of what was recorded alone: no SLA targets, so no SLA breach escalates or re-notifies (sla-breach.int.spec.ts covers that).
    await asAdmin(coordination.app.getHttpServer()).put('/coordination/sla-targets').send({ targets: { P1: {}, P2: {}, P3: {}, P4: {}, P5: {} }, reason: 'no SLA targets in this test' }).expect(200);
    for (const name of Object.keys(people) as Name[]) {
      const body = { name, timeZone: 'UTC', contactMethods: [{ kind: 'webhook', address: `https://hooks.example.com/${name}` }] };
      people[name] = (await http().post('/coordination/people').send(body).expect(201)).body.personId;
    }
    scheduleId = (
      await http()
        .post('/coordination/schedules')
        .send({ name: 'payments primary', timeZone: 'UTC', layers: [{ name: 'weekly', participants: rotation.map((n) => people[n]), rotation: 'weekly', start: '2026-03-02T09:00' }] })
        .expect(201)
    ).body.scheduleId;
    policyId = (
      await http()
        .post('/coordination/escalation-policies')
        .send({
          name: 'payments',
          levels: [
            { targets: [{ kind: 'schedule', id: scheduleId }], timeoutMinutes: 15 },
            { targets: [{ kind: 'person', id: people.alice }], timeoutMinutes: 15 },
          ],
          repeat: 0,
        })
        .expect(201)
    ).body.policyId;
    await http()
      .post('/coordination/teams')
      .send({ name: 'payments', members: rotation.map((n, i) => ({ personId: people[n], onCallOrder: i + 1 })), defaultEscalationPolicyId: policyId })
      .expect(201);
    await http().post('/coordination/teams').send({ name: 'operations', members: [{ personId: people.olga, onCallOrder: 1 }] }).expect(201);
    for (const incident of [...month, outside]) await record(incident);
  });

  afterAll(() => coordination.close());

  const tally = (periodDays: number, only: (at: number) => boolean = () => true) => {
    const counts: Record<string, number> = {};
    for (const incident of month) for (const p of byHand(incident, periodDays)) if (only(p.at)) counts[people[p.name]] = (counts[people[p.name]] ?? 0) + 1;
    return counts;
  };
  const column = (rows: Record<string, { proposed: number; recorded: number; difference: number }>, side: 'proposed' | 'recorded') =>
    Object.fromEntries(Object.entries(rows).map(([id, row]) => [id, row[side]]).filter(([, n]) => n !== 0));

  it('a recorded month replayed under a daily rotation: pages and out-of-hours pages per person as the rotation arithmetic gives them, writing nothing', async () => {
    // The recorded incidents' SLA clocks (incidentSla-, run in the background from the bus) may still be
    // catching up; what the simulation could write is everything else.
    const written = async () => (await coordination.store.readAll({ limit: 100_000 })).filter((e) => !e.streamId.startsWith('incidentSla-')).length;
    const before = await written();
    const { body } = await simulate({ schedules: [{ scheduleId, definition: dailyRotation() }] }).expect(200);
    expect(await written()).toBe(before);

    expect(body.totals.incidents).toBe(month.length); // April's incident is outside the range
    expect(column(body.totals.pagesPerPerson, 'recorded')).toEqual(tally(7));
    expect(column(body.totals.pagesPerPerson, 'proposed')).toEqual(tally(1));
    expect(tally(1)).toEqual({ [people.alice]: 8, [people.bob]: 3, [people.carol]: 2, [people.olga]: 2 });
    expect(tally(7)).toEqual({ [people.alice]: 9, [people.bob]: 2, [people.carol]: 2, [people.olga]: 2 });
    expect(body.totals.pagesPerPerson[people.bob]).toEqual({ name: 'bob', proposed: 3, recorded: 2, difference: 1 });
    expect(body.totals.pagesPerPerson[people.alice]).toEqual({ name: 'alice', proposed: 8, recorded: 9, difference: -1 });
    expect(column(body.totals.outOfHoursPagesPerPerson, 'proposed')).toEqual(tally(1, outOfHours));
    expect(column(body.totals.outOfHoursPagesPerPerson, 'recorded')).toEqual(tally(7, outOfHours));

    month.forEach((incident, i) => {
      const replay = body.incidents[i];
      expect(replay.pagedAt).toBe(new Date(incident.at).toISOString());
      expect(replay.recorded.pages.map((p: { personId: string }) => p.personId)).toEqual(byHand(incident, 7).map((p) => people[p.name]));
      expect(replay.proposed.pages.map((p: { personId: string; at: string }) => [p.personId, p.at])).toEqual(byHand(incident, 1).map((p) => [people[p.name], new Date(p.at).toISOString()]));
    });
    expect(body.proposal.schedules).toEqual([{ scheduleId, name: 'payments primary (daily)', replaces: true }]);
    expect(body.businessHours).toEqual({ timeZone: null, days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '17:00' });
  });

  it('without a proposal the replay gives back what was recorded', async () => {
    const { body } = await simulate({}).expect(200);
    expect(body.totals.changed).toBe(0);
    expect(body.totals.pages).toEqual({ proposed: 15, recorded: 15, difference: 0 });
  });

  it('a proposed policy replaces the stored one of its id; a proposed schedule under an id nobody stored is added, and the policy may page it', async () => {
    const { body } = await simulate({
      schedules: [{ scheduleId: '7d0c6c1e-3f0a-4c55-9d54-2b4f3f7a9e01', definition: dailyRotation() }],
      policies: [{ policyId, definition: { name: 'daily, bob backs up', levels: [{ targets: [{ kind: 'schedule', id: '7d0c6c1e-3f0a-4c55-9d54-2b4f3f7a9e01' }], timeoutMinutes: 15 }, { targets: [{ kind: 'person', id: people.bob }], timeoutMinutes: 15 }], repeat: 0 } }],
    }).expect(200);
    expect(body.proposal.schedules[0]).toMatchObject({ replaces: false });
    expect(body.proposal.policies).toEqual([{ policyId, name: 'daily, bob backs up', replaces: true, incidents: month.length }]);
    // Level 2 is bob now: every incident still open 15 minutes on pages bob instead of alice.
    const levelTwo = month.filter((i) => Math.min(i.ackAfter ?? Infinity, i.resolveAfter) > 15).length;
    expect(body.totals.pagesPerPerson[people.bob].proposed).toBe(tally(1)[people.bob] + levelTwo);
  });

  it('business hours given in the request are read in their zone for everyone', async () => {
    const { body } = await simulate({ businessHours: { timeZone: 'Asia/Tokyo', days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], start: '00:00', end: '24:00' } }).expect(200);
    expect(body.totals.outOfHoursPagesPerPerson).toEqual({});
  });

  describe('refused with a 400 naming the field, nothing replayed', () => {
    const fields = (res: request.Response): string[] => res.body.errors.map((e: { field: string }) => e.field);

    it('a range that is not two instants', async () => {
      const res = await http().post('/coordination/simulate').send({ from: 'last month', to: '2026-04-01T00:00:00Z' }).expect(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(fields(res)).toContain('from');
    });

    it('to not after from', async () => {
      expect(fields(await simulate({ to: '2026-03-01T00:00:00Z' }).expect(400))).toEqual(['to']);
    });

    it('more than 93 days', async () => {
      const res = await simulate({ to: '2026-06-03T00:00:00Z' }).expect(400);
      expect(res.body.errors).toEqual([{ field: 'to', reason: 'to must be at most 93 days after from' }]);
      await simulate({ to: '2026-06-02T00:00:00Z' }).expect(200); // exactly 93 days
    });

    it('a proposed definition checked as the create routes check it', async () => {
      const badSchedule = { ...dailyRotation(), layers: [{ ...dailyRotation().layers[0], start: '2026-02-30T09:00' }] };
      expect(fields(await simulate({ schedules: [{ scheduleId, definition: badSchedule }] }).expect(400))).toContain('schedules.0.definition.layers.0.start');
      expect(fields(await simulate({ policies: [{ policyId, definition: { name: 'x', levels: [], repeat: 0 } }] }).expect(400))).toContain('policies.0.definition.levels');
      expect(fields(await simulate({ policies: [{ definition: { name: 'x', levels: [{ targets: [{ kind: 'person', id: 'bob' }], timeoutMinutes: 0 }], repeat: 0 } }] }).expect(400))).toEqual(
        expect.arrayContaining(['policies.0.definition.levels.0.targets.0.id', 'policies.0.definition.levels.0.timeoutMinutes']),
      );
    });

    it('unknown ids: a person, team or schedule no one stored or proposed (409 `unknown_reference`: it depends on what is stored), and an id proposed twice', async () => {
      const nobody = newId();
      const unknownTarget = await simulate({ policies: [{ policyId, definition: { name: 'x', levels: [{ targets: [{ kind: 'person', id: nobody }, { kind: 'schedule', id: newId() }], timeoutMinutes: 5 }], repeat: 0 } }] }).expect(409);
      expect(unknownTarget.body.code).toBe('unknown_reference');
      expect(unknownTarget.body.errors).toEqual([
        { field: 'policies.0.definition.levels.0.targets.0.id', reason: `unknown person ${nobody}` },
        { field: 'policies.0.definition.levels.0.targets.1.id', reason: expect.stringContaining('unknown schedule') },
      ]);
      const unknownParticipant = { ...dailyRotation(), layers: [{ ...dailyRotation().layers[0], participants: [people.alice, nobody] }] };
      expect(fields(await simulate({ schedules: [{ scheduleId, definition: unknownParticipant }] }).expect(409))).toEqual(['schedules.0.definition.layers.0.participants']);
      const twice = await simulate({ schedules: [{ scheduleId, definition: dailyRotation() }, { scheduleId, definition: dailyRotation() }] }).expect(400);
      expect(fields(twice)).toEqual(['schedules.1.scheduleId']);
      expect(fields(await simulate({ schedules: [{ scheduleId: 'not-a-uuid', definition: dailyRotation() }] }).expect(400))).toEqual(['schedules.0.scheduleId']);
    });
  });
});
