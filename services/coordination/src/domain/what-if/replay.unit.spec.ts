import { EscalationPolicySnapshot } from '../escalation';
import { ScheduleDefinition } from '../schedule';
import { teamIdOf } from '../team.decider';
import { RecordedIncident, RecordedPage } from './recorded-incident';
import { Proposal, World, WorldPerson, simulate } from './replay';

/*
 * The pure replay. The fixture month: March 2026 (UTC), 10 incidents, three people (alice, bob,
 * carol) in rotation from Monday 2026-03-02 09:00. Recorded: a weekly rotation; proposed: a daily
 * one. The policy pages the schedule, then alice (the lead) 15 minutes later, then the default
 * route's team (olga) 15 minutes after that. Every expected count below is computed in this file
 * from the rotation arithmetic and the incidents' acknowledgement times, never by the code.
 */

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const ids = {
  alice: '00000000-0000-4000-8000-00000000000a',
  bob: '00000000-0000-4000-8000-00000000000b',
  carol: '00000000-0000-4000-8000-00000000000c',
  olga: '00000000-0000-4000-8000-00000000000d',
  schedule: '00000000-0000-4000-8000-000000000051',
  policy: '00000000-0000-4000-8000-000000000061',
};
type Name = 'alice' | 'bob' | 'carol' | 'olga';
const rotation: Name[] = ['alice', 'bob', 'carol'];
const START = Date.parse('2026-03-02T09:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();

const person = (name: Name, timeZone = 'UTC'): WorldPerson => ({
  personId: ids[name],
  name,
  timeZone,
  retired: false,
  rules: [{ contactMethodId: ids[name].replace(/.$/, 'f'), contactKind: 'webhook', afterMinutes: 0 }],
});

const layer = (rotationType: 'daily' | 'weekly') => ({
  name: rotationType,
  participants: rotation.map((n) => ids[n]),
  rotation: rotationType,
  start: '2026-03-02T09:00',
  handoffTime: '09:00',
  restrictions: [],
});
const weekly: ScheduleDefinition = { name: 'primary', timeZone: 'UTC', layers: [layer('weekly')] };
const daily: ScheduleDefinition = { name: 'primary', timeZone: 'UTC', layers: [layer('daily')] };

const policy: EscalationPolicySnapshot = {
  policyId: ids.policy,
  version: 1,
  source: 'policy',
  name: 'payments primary',
  levels: [
    { targets: [{ kind: 'schedule', id: ids.schedule }], timeoutMinutes: 15 },
    { targets: [{ kind: 'person', id: ids.alice }], timeoutMinutes: 15 },
  ],
  repeat: 0,
};

const world = (people: WorldPerson[] = [person('alice'), person('bob'), person('carol'), person('olga')]): World => ({
  people: new Map(people.map((p) => [p.personId, p])),
  teams: new Map([
    [teamIdOf('operations'), { teamId: teamIdOf('operations'), name: 'operations', version: 1, retired: false, members: [{ personId: ids.olga, onCallOrder: 1 }] }],
    [
      teamIdOf('payments'),
      { teamId: teamIdOf('payments'), name: 'payments', version: 1, retired: false, members: rotation.map((n, i) => ({ personId: ids[n], onCallOrder: i + 1 })) },
    ],
  ]),
  schedules: new Map([[ids.schedule, { scheduleId: ids.schedule, name: 'primary', version: 1, schedule: { ...weekly, overrides: [], retiredAt: null } }]]),
  policies: new Map([[ids.policy, policy]]),
  defaultEscalationMinutes: 15,
});

/** The month: when each incident was paged, and when it was acknowledged (minutes after; null: never) or resolved. */
const month: { at: string; ackAfter: number | null; resolveAfter: number }[] = [
  { at: '2026-03-02T10:00:00Z', ackAfter: 5, resolveAfter: 60 }, // Mon, in hours
  { at: '2026-03-03T03:00:00Z', ackAfter: 20, resolveAfter: 60 }, // Tue night: the lead is paged too
  { at: '2026-03-04T12:00:00Z', ackAfter: 5, resolveAfter: 60 },
  { at: '2026-03-07T14:00:00Z', ackAfter: 40, resolveAfter: 60 }, // Saturday: exhausted, olga paged
  { at: '2026-03-10T08:30:00Z', ackAfter: 1, resolveAfter: 60 }, // before the 09:00 hand-off
  { at: '2026-03-12T16:50:00Z', ackAfter: 16, resolveAfter: 60 }, // the lead's page at 17:05 is out of hours
  { at: '2026-03-16T09:00:00Z', ackAfter: 15, resolveAfter: 60 }, // acknowledged exactly at the deadline: no level 2
  { at: '2026-03-20T22:00:00Z', ackAfter: null, resolveAfter: 10 }, // resolved before any deadline
  { at: '2026-03-25T11:00:00Z', ackAfter: 3, resolveAfter: 60 },
  { at: '2026-03-29T10:00:00Z', ackAfter: null, resolveAfter: 120 }, // Sunday, never acknowledged
];

/** Whose turn it is at `t` in a rotation of `periodDays` days starting at START. */
const turn = (t: number, periodDays: number): Name => rotation[Math.floor((t - START) / (periodDays * DAY)) % rotation.length];

/** The pages of one incident by hand: the schedule's person now, alice at +15 and olga at +30 while still open. */
const byHand = (incident: (typeof month)[number], periodDays: number): { name: Name; at: number; level: number }[] => {
  const t = Date.parse(incident.at);
  const end = Math.min(incident.ackAfter ?? Infinity, incident.resolveAfter);
  const pages = [{ name: turn(t, periodDays), at: t, level: 1 }];
  if (end > 15) pages.push({ name: 'alice', at: t + 15 * MINUTE, level: 2 });
  if (end > 30) pages.push({ name: 'olga', at: t + 30 * MINUTE, level: 3 });
  return pages;
};
/** Outside 09:00–17:00 Monday to Friday, UTC (everyone's zone here). */
const outOfHoursByHand = (at: number): boolean => {
  const d = new Date(at);
  const minute = d.getUTCHours() * 60 + d.getUTCMinutes();
  return d.getUTCDay() === 0 || d.getUTCDay() === 6 || minute < 9 * 60 || minute >= 17 * 60;
};

const recordedIncidents = (): RecordedIncident[] =>
  month.map((incident, i) => {
    const t = Date.parse(incident.at);
    const pages: RecordedPage[] = byHand(incident, 7).map((p, n) => ({ pageId: `page-${i}-${n}`, personId: ids[p.name], name: p.name, at: iso(p.at), escalationLevel: p.level }));
    return {
      incidentId: `incident-${i}`,
      title: `incident ${i}`,
      team: 'payments',
      pagedAt: incident.at,
      policy,
      fallbackTeam: 'operations',
      acknowledgedAt: incident.ackAfter === null ? null : iso(t + incident.ackAfter * MINUTE),
      resolvedAt: iso(t + incident.resolveAfter * MINUTE),
      pages,
      renotifications: 0,
      exhausted: pages.length === 3,
    };
  });

const tally = (periodDays: number, only: (at: number) => boolean = () => true): Record<string, number> => {
  const counts: Record<string, number> = {};
  for (const incident of month) for (const p of byHand(incident, periodDays)) if (only(p.at)) counts[ids[p.name]] = (counts[ids[p.name]] ?? 0) + 1;
  return counts;
};
const column = (rows: Record<string, { proposed: number; recorded: number; difference: number }>, side: 'proposed' | 'recorded' | 'difference') =>
  Object.fromEntries(Object.entries(rows).flatMap(([id, row]) => (row[side] !== 0 || side !== 'difference' ? [[id, row[side]]] : [])));

const proposal = (over: Partial<Proposal> = {}): Proposal => ({ schedules: [{ scheduleId: ids.schedule, definition: daily }], policies: [], ...over });

describe('what-if for people: the pure replay', () => {
  it('a recorded month under a daily rotation instead of a weekly one: pages per person as the rotation arithmetic gives them', () => {
    const { totals } = simulate(recordedIncidents(), world(), proposal());
    const proposed = tally(1);
    const recorded = tally(7);
    expect(column(totals.pagesPerPerson, 'proposed')).toEqual(proposed);
    expect(column(totals.pagesPerPerson, 'recorded')).toEqual(recorded);
    // The same month counted once more by hand, person by person (see the comments of `month`).
    expect(proposed).toEqual({ [ids.alice]: 8, [ids.bob]: 2, [ids.carol]: 4, [ids.olga]: 2 });
    expect(recorded).toEqual({ [ids.alice]: 10, [ids.bob]: 2, [ids.carol]: 2, [ids.olga]: 2 });
    expect(column(totals.pagesPerPerson, 'difference')).toEqual({ [ids.alice]: -2, [ids.carol]: 2 });
    expect(totals.pages).toEqual({ proposed: 16, recorded: 16, difference: 0 });
    expect(totals.incidents).toBe(10);
  });

  it('out-of-hours pages per person: outside 09:00–17:00 Monday to Friday in each person’s zone', () => {
    const { totals } = simulate(recordedIncidents(), world(), proposal());
    expect(column(totals.outOfHoursPagesPerPerson, 'proposed')).toEqual(tally(1, outOfHoursByHand));
    expect(column(totals.outOfHoursPagesPerPerson, 'recorded')).toEqual(tally(7, outOfHoursByHand));
    expect(tally(1, outOfHoursByHand)).toEqual({ [ids.alice]: 7, [ids.bob]: 1, [ids.carol]: 1, [ids.olga]: 2 });
  });

  it('each incident says who each level would have paged, and when, and stops at the recorded acknowledgement or resolution', () => {
    const { incidents } = simulate(recordedIncidents(), world(), proposal());
    incidents.forEach((replay, i) => {
      expect(replay.proposed.pages.map((p) => [p.personId, p.at, p.escalationLevel])).toEqual(byHand(month[i], 1).map((p) => [ids[p.name], iso(p.at), p.level]));
    });
    expect(incidents[6].proposed.pages).toHaveLength(1); // acknowledged at the deadline: level 2 never came
    expect(incidents[3].proposed.exhausted).toBe(true);
    expect(incidents[3].proposed.pages[2].reason).toContain('default route\'s team "operations"');
  });

  it('without a proposal the replay reproduces what was recorded: nothing changed', () => {
    const { totals, incidents } = simulate(recordedIncidents(), world(), { schedules: [], policies: [] });
    expect(totals.changed).toBe(0);
    expect(incidents.every((r) => !r.changed && r.policy?.proposed === false)).toBe(true);
    expect(column(totals.pagesPerPerson, 'difference')).toEqual({});
  });

  it('a proposed policy replaces the recorded one of its id: a level with nobody on call is skipped at once and the next paged', () => {
    const sundays: ScheduleDefinition = { ...daily, layers: [{ ...layer('daily'), restrictions: [{ days: ['sun'], start: '09:00', end: '10:00' }] }] };
    const { incidents } = simulate(recordedIncidents().slice(0, 1), world(), {
      schedules: [{ scheduleId: ids.schedule, definition: sundays }],
      policies: [{ policyId: ids.policy, definition: { name: 'bob backs up', levels: [policy.levels[0], { targets: [{ kind: 'person', id: ids.bob }], timeoutMinutes: 5 }], repeat: 0 } }],
    });
    expect(incidents[0].policy).toEqual({ policyId: ids.policy, version: 0, name: 'bob backs up', proposed: true });
    expect(incidents[0].proposed.pages.map((p) => [p.name, p.at, p.escalationLevel])).toEqual([['bob', '2026-03-02T10:00:00.000Z', 2]]);
    expect(incidents[0].changed).toBe(true);
  });

  it('business hours given by the request apply to everyone, in their zone, instead of each person’s own', () => {
    const tokyo = [person('alice', 'Asia/Tokyo'), person('bob'), person('carol'), person('olga')];
    const first = recordedIncidents().slice(0, 1); // Monday 10:00 UTC is 19:00 in Tokyo
    expect(simulate(first, world(tokyo), proposal()).totals.outOfHoursPagesPerPerson[ids.alice]).toMatchObject({ proposed: 1, recorded: 1 });
    const berlinHours = { timeZone: 'Europe/Berlin', days: ['mon' as const], start: '08:00', end: '12:00' };
    expect(simulate(first, world(tokyo), proposal(), berlinHours).totals.outOfHoursPagesPerPerson[ids.alice]).toBeUndefined();
  });

  it('an incident that recorded no escalation is not replayed: what was recorded stands for the proposal', () => {
    const [legacy] = recordedIncidents();
    const { incidents, totals } = simulate([{ ...legacy, policy: null }], world(), proposal());
    expect(incidents[0]).toMatchObject({ replayed: false, changed: false, policy: null });
    expect(totals.pagesPerPerson[ids.alice]).toMatchObject({ proposed: 1, recorded: 1, difference: 0 });
  });
});
