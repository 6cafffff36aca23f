import { NotificationRule, ResolvedLevel } from '../escalation/resolve-level';
import {
  EscalationDirectory,
  EscalationPolicyDefinition,
  EscalationPolicySnapshot,
  FIRST_POSITION,
  LevelPosition,
  defaultPolicyForTeam,
  positionAfter,
  resolveFrom,
  resolveLevel,
} from '../escalation';
import { Schedule, ScheduleDefinition, onCallAt } from '../schedule';
import { teamIdOf } from '../team.decider';
import { BusinessHours, DEFAULT_BUSINESS_HOURS, isOutOfHours } from './business-hours';
import { RecordedIncident } from './recorded-incident';

/*
 * What-if for people, pure: the incidents coordination recorded, replayed through proposed schedules
 * and escalation policies. Each incident starts where it started (the recorded paging instant) and
 * walks its policy level by level, a level's timeout after the previous, for as long as the recorded
 * incident was still unacknowledged and unresolved at that moment; everyone a level resolves to then
 * (people, teams and schedules as `world` has them, the proposal over it) is a page. No I/O, no clock.
 */

export interface WorldPerson {
  personId: string;
  name: string;
  timeZone: string;
  retired: boolean;
  rules: NotificationRule[];
}

export interface WorldTeam {
  teamId: string;
  name: string;
  version: number;
  retired: boolean;
  members: { personId: string; onCallOrder: number }[];
  defaultEscalationPolicyId?: string;
}

export interface WorldSchedule {
  scheduleId: string;
  name: string;
  version: number;
  /** The definition in force, its overrides and its retirement. */
  schedule: Schedule;
}

/** Coordination's people, teams, schedules and active policies, as the replay reads them. */
export interface World {
  people: ReadonlyMap<string, WorldPerson>;
  teams: ReadonlyMap<string, WorldTeam>;
  schedules: ReadonlyMap<string, WorldSchedule>;
  /** Active stored policies by id. */
  policies: ReadonlyMap<string, EscalationPolicySnapshot>;
  /** `COORDINATION_DEFAULT_ESCALATION_MINUTES`: a legacy team's default policy. */
  defaultEscalationMinutes: number;
}

/** Proposed schedules and policies: each replaces the stored one of its id, or is added under it. */
export interface Proposal {
  schedules: { scheduleId: string; definition: ScheduleDefinition }[];
  policies: { policyId: string; definition: EscalationPolicyDefinition }[];
}

/** A proposal's policies are version 0: they are not stored. */
export const PROPOSED_VERSION = 0;

export interface SimulatedPage {
  personId: string;
  name: string;
  at: string;
  /** Levels counted over every pass (`repeat × levels + level`), as pages count them; the fallback team's page one more. */
  escalationLevel: number;
  outOfHours: boolean;
  /** Why this person: the target that named them, or the exhaustion. */
  reason: string;
}

export interface IncidentReplay {
  incidentId: string;
  title: string | null;
  team: string | null;
  pagedAt: string;
  acknowledgedAt: string | null;
  resolvedAt: string | null;
  /** The policy followed under the proposal (null: none recorded, nothing replayed). */
  policy: { policyId: string; version: number; name: string; proposed: boolean } | null;
  /** False when the incident recorded no escalation (unrouted, or from before escalations): its proposal is what was recorded. */
  replayed: boolean;
  proposed: { pages: SimulatedPage[]; exhausted: boolean };
  recorded: { pages: SimulatedPage[]; exhausted: boolean; renotifications: number };
  /** Whether anyone would have been paged differently (who, or at which level). */
  changed: boolean;
}

export interface PersonCount {
  name: string;
  proposed: number;
  recorded: number;
  /** `proposed - recorded`. */
  difference: number;
}

export interface WhatIfTotals {
  incidents: number;
  changed: number;
  pages: { proposed: number; recorded: number; difference: number };
  pagesPerPerson: Record<string, PersonCount>;
  outOfHoursPagesPerPerson: Record<string, PersonCount>;
}

export interface WhatIfOutcome {
  totals: WhatIfTotals;
  incidents: IncidentReplay[];
}

const addMinutes = (at: string, minutes: number): string => new Date(Date.parse(at) + minutes * 60_000).toISOString();

/** The world as the proposal would have it: proposed schedules over the stored ones (without the stored overrides). */
function proposedSchedules(world: World, proposal: Proposal): Map<string, WorldSchedule> {
  const schedules = new Map(world.schedules);
  for (const { scheduleId, definition } of proposal.schedules) {
    schedules.set(scheduleId, { scheduleId, name: definition.name, version: PROPOSED_VERSION, schedule: { ...definition, overrides: [], retiredAt: null } });
  }
  return schedules;
}

const snapshotOf = (policyId: string, definition: EscalationPolicyDefinition): EscalationPolicySnapshot => ({ ...definition, policyId, version: PROPOSED_VERSION, source: 'policy' });

/** The engine's directory over the world, answering any instant (a schedule is retired from its retirement on). */
function directoryOf(world: World, schedules: ReadonlyMap<string, WorldSchedule>): EscalationDirectory {
  return {
    person: (id) => {
      const p = world.people.get(id);
      return p && { personId: p.personId, name: p.name, retired: p.retired, rules: p.rules };
    },
    team: (id) => {
      const t = world.teams.get(id);
      if (!t) return undefined;
      const members = [...t.members].sort((a, b) => a.onCallOrder - b.onCallOrder);
      return { teamId: t.teamId, name: t.name, version: t.version, retired: t.retired, memberIds: members.map((m) => m.personId), members };
    },
    onCallAt: (id, at) => {
      const s = schedules.get(id);
      if (!s) return undefined;
      const retiredAt = s.schedule.retiredAt;
      const answer = onCallAt(s.schedule, at);
      return {
        scheduleId: id,
        name: s.name,
        version: s.version,
        retired: retiredAt !== null && retiredAt !== undefined && Date.parse(retiredAt) <= Date.parse(at),
        people: answer.personId ? [{ personId: answer.personId, reason: answer.reason }] : [],
      };
    },
  };
}

interface Walked {
  pages: Omit<SimulatedPage, 'outOfHours'>[];
  exhausted: boolean;
}

/**
 * One incident's escalation under `policy`, as the engine would have run it: level 1 at `pagedAt`,
 * each next level at the previous one's deadline while the incident was still unacknowledged and
 * unresolved then (skipped levels at once), and once exhausted the default route's team's first level.
 */
function walk(incident: RecordedIncident, policy: EscalationPolicySnapshot, directory: EscalationDirectory, fallback: FallbackOf): Walked {
  const stopAt = [incident.acknowledgedAt, incident.resolvedAt].filter((t): t is string => t !== null).map(Date.parse);
  const stillOpen = (at: string): boolean => stopAt.every((t) => t > Date.parse(at));
  const pages: Walked['pages'] = [];
  const ordinal = (p: LevelPosition) => p.repeat * policy.levels.length + p.level;
  let from: LevelPosition | null = policy.levels.length > 0 ? FIRST_POSITION : null;
  let at = new Date(incident.pagedAt).toISOString();
  let last = 0;
  for (;;) {
    const resolved: ResolvedLevel[] = from ? resolveFrom(policy, from, at, directory) : [];
    const reached = resolved[resolved.length - 1];
    if (!reached || reached.people.length === 0) break; // a whole pass with nobody, or the end of the policy: exhausted now
    last = ordinal(reached);
    for (const p of reached.people) pages.push({ personId: p.personId, name: p.name, at, escalationLevel: last, reason: p.via.reason });
    const deadline = addMinutes(at, policy.levels[reached.level - 1].timeoutMinutes);
    if (!stillOpen(deadline)) return { pages, exhausted: false };
    at = deadline;
    from = positionAfter(policy, reached);
    if (!from) break;
  }
  for (const p of fallback(incident.fallbackTeam, at)) pages.push({ ...p, at, escalationLevel: last + 1 });
  return { pages, exhausted: true };
}

type FallbackOf = (teamName: string | null, at: string) => { personId: string; name: string; reason: string }[];

/** The default route's team after exhaustion: the first level of its own policy (proposed, stored, else its members in on-call order). */
function fallbackOf(world: World, proposed: ReadonlyMap<string, EscalationPolicySnapshot>, directory: EscalationDirectory): FallbackOf {
  return (teamName, at) => {
    if (teamName === null) return [];
    const team = world.teams.get(teamIdOf(teamName));
    if (!team || team.retired) return [];
    const own = team.defaultEscalationPolicyId;
    const policy =
      (own !== undefined ? (proposed.get(own) ?? world.policies.get(own)) : undefined) ??
      proposed.get(defaultPolicyForTeam({ ...team }, world.defaultEscalationMinutes).policyId) ??
      defaultPolicyForTeam({ ...team }, world.defaultEscalationMinutes);
    const first = policy.levels[0];
    if (!first) return [];
    return resolveLevel(first, at, directory).people.map((p) => ({
      personId: p.personId,
      name: p.name,
      reason: `policy exhausted: the default route's team "${team.name}", level 1 of its policy "${policy.name}" (${p.via.reason})`,
    }));
  };
}

const sameKey = (pages: readonly { personId: string; escalationLevel: number }[]): string =>
  pages
    .map((p) => `${p.personId}@${p.escalationLevel}`)
    .sort()
    .join(',');

function count(rows: Record<string, PersonCount>, personId: string, name: string, side: 'proposed' | 'recorded'): void {
  (rows[personId] ??= { name, proposed: 0, recorded: 0, difference: 0 })[side] += 1;
}

/**
 * Replays `incidents` through `proposal` over `world`. An incident follows the proposed policy of
 * the id it recorded (a team's default policy has the id `defaultPolicyIdOf(teamId)`), else the
 * snapshot it recorded; its levels resolve against the proposed schedules over the stored ones.
 * Out of hours: outside `businessHours`, in its zone or else the paged person's own (UTC when unknown).
 */
export function simulate(incidents: readonly RecordedIncident[], world: World, proposal: Proposal, businessHours: BusinessHours = DEFAULT_BUSINESS_HOURS): WhatIfOutcome {
  const schedules = proposedSchedules(world, proposal);
  const policies = new Map(proposal.policies.map(({ policyId, definition }) => [policyId, snapshotOf(policyId, definition)]));
  const directory = directoryOf(world, schedules);
  const fallback = fallbackOf(world, policies, directory);
  const zoneOf = (personId: string): string => world.people.get(personId)?.timeZone ?? 'UTC';
  const withHours = <T extends { personId: string; at: string }>(page: T) => ({ ...page, outOfHours: isOutOfHours(page.at, zoneOf(page.personId), businessHours) });

  const replays = incidents.map((incident): IncidentReplay => {
    const recordedPages = incident.pages.map((p) => withHours({ personId: p.personId, name: p.name, at: p.at, escalationLevel: p.escalationLevel, reason: 'recorded' }));
    const recorded = { pages: recordedPages, exhausted: incident.exhausted, renotifications: incident.renotifications };
    const base = { incidentId: incident.incidentId, title: incident.title, team: incident.team, pagedAt: incident.pagedAt, acknowledgedAt: incident.acknowledgedAt, resolvedAt: incident.resolvedAt };
    if (!incident.policy) {
      return { ...base, policy: null, replayed: false, proposed: { pages: recordedPages, exhausted: incident.exhausted }, recorded, changed: false };
    }
    const replaced = policies.get(incident.policy.policyId);
    const policy = replaced ?? incident.policy;
    const walked = walk(incident, policy, directory, fallback);
    const proposed = { pages: walked.pages.map(withHours), exhausted: walked.exhausted };
    return {
      ...base,
      policy: { policyId: policy.policyId, version: policy.version, name: policy.name, proposed: replaced !== undefined },
      replayed: true,
      proposed,
      recorded,
      changed: sameKey(proposed.pages) !== sameKey(recordedPages),
    };
  });

  const pagesPerPerson: Record<string, PersonCount> = {};
  const outOfHoursPagesPerPerson: Record<string, PersonCount> = {};
  for (const replay of replays) {
    for (const side of ['proposed', 'recorded'] as const) {
      for (const page of replay[side].pages) {
        count(pagesPerPerson, page.personId, page.name, side);
        if (page.outOfHours) count(outOfHoursPagesPerPerson, page.personId, page.name, side);
      }
    }
  }
  for (const row of [...Object.values(pagesPerPerson), ...Object.values(outOfHoursPagesPerPerson)]) row.difference = row.proposed - row.recorded;
  const proposedPages = replays.reduce((n, r) => n + r.proposed.pages.length, 0);
  const recordedPages = replays.reduce((n, r) => n + r.recorded.pages.length, 0);
  return {
    totals: {
      incidents: replays.length,
      changed: replays.filter((r) => r.changed).length,
      pages: { proposed: proposedPages, recorded: recordedPages, difference: proposedPages - recordedPages },
      pagesPerPerson,
      outOfHoursPagesPerPerson,
    },
    incidents: replays,
  };
}
