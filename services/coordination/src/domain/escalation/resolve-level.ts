import { EscalationLevel, EscalationPolicyDefinition, EscalationTarget, LevelPosition, TargetKind, positionAfter } from './escalation-policy';

/*
 * Target resolution, pure: which people a level pages at an instant, and why each target that gave
 * nobody was skipped. What it reads comes in as `EscalationDirectory` functions (coordination's read
 * models of people, teams and schedules), so the engine and these rules stay free of I/O.
 */

export type ContactKind = 'webhook' | 'slack' | 'teams' | 'email';

/** Notify through `contactMethodId` once a page has been unacknowledged `afterMinutes`. */
export interface NotificationRule {
  contactMethodId: string;
  contactKind: ContactKind;
  afterMinutes: number;
}

export interface DirectoryPerson {
  personId: string;
  name: string;
  retired: boolean;
  rules: readonly NotificationRule[];
}

export interface DirectoryTeam {
  teamId: string;
  name: string;
  version?: number;
  retired: boolean;
  /** Member person ids in on-call order (lowest `onCallOrder` first). */
  memberIds: readonly string[];
  /** The members' places in the on-call order, for the record of the level (absent: not recorded). */
  members?: readonly { personId: string; onCallOrder: number }[];
}

/** Who a schedule has on call at an instant. `people` empty: a gap in the schedule. */
export interface OnCallAnswer {
  scheduleId: string;
  name?: string;
  version?: number;
  retired?: boolean;
  /** In the schedule's order; `reason` says which layer, rotation or override chose them. */
  people: readonly { personId: string; reason: string }[];
  /** The layer or `override` that answered, and every layer's candidate: recorded with the level when given. */
  layer?: number | 'override' | null;
  overrideId?: string | null;
  reason?: string;
  layers?: readonly LayerCandidateRecord[];
}

export interface LayerCandidateRecord {
  layer: number;
  name: string;
  personId: string | null;
  reason: string;
}

/** What a schedule of a level answered at the instant the level was resolved (`EscalationLevelReached` v2 keeps it). */
export interface ScheduleAnswerRecord {
  scheduleId: string;
  name: string;
  version: number;
  at: string;
  personId: string | null;
  layer: number | 'override' | null;
  overrideId: string | null;
  reason: string;
  layers: LayerCandidateRecord[];
}

/** A team of a level as it stood when the level was resolved. */
export interface TeamAnswerRecord {
  teamId: string;
  name: string;
  version?: number;
  members: { personId: string; onCallOrder: number }[];
}

/** What resolution reads; each answers `undefined` for an id it does not know. */
export interface EscalationDirectory {
  person(personId: string): DirectoryPerson | undefined;
  team(teamId: string): DirectoryTeam | undefined;
  /** The schedules' `onCallAt(schedule, at)`, looked up by id; `at` is ISO 8601 UTC. */
  onCallAt(scheduleId: string, at: string): OnCallAnswer | undefined;
}

/** How a person came to be paged: the target that named them (its version, when it has one) and why. */
export interface ReachedVia {
  kind: TargetKind;
  id: string;
  version?: number;
  reason: string;
}

export interface ResolvedPerson {
  personId: string;
  name: string;
  contactMethodId: string;
  contactKind: ContactKind;
  via: ReachedVia;
}

export interface SkippedTarget {
  target: EscalationTarget;
  reason: string;
}

/** A level resolved at an instant: the engine's input for paging it (or skipping it when `people` is empty). */
export interface ResolvedLevel extends LevelPosition {
  people: ResolvedPerson[];
  skipped: SkippedTarget[];
  /** What the level's schedules and teams answered (for "why was I paged?"); absent: not recorded. */
  schedules?: ScheduleAnswerRecord[];
  teams?: TeamAnswerRecord[];
}

/** The rules in the order they notify: by `afterMinutes`, ties in the person's order. */
export const rulesInOrder = (rules: readonly NotificationRule[]): NotificationRule[] =>
  rules.map((rule, i) => ({ rule, i })).sort((a, b) => a.rule.afterMinutes - b.rule.afterMinutes || a.i - b.i).map(({ rule }) => rule);

/** The notification rules of everyone `levels` page, by person id, from the directory they were resolved from (the engine schedules their later rules). */
export const notificationRulesOf = (levels: readonly Pick<ResolvedLevel, 'people'>[], directory: Pick<EscalationDirectory, 'person'>): Record<string, NotificationRule[]> =>
  Object.fromEntries(levels.flatMap((level) => level.people).map((p) => [p.personId, [...(directory.person(p.personId)?.rules ?? [])]]));

type Candidate = { personId: string; via: ReachedVia; as: EscalationTarget };

/** One target's people (not yet checked as people), or why it gives nobody. */
function candidatesOf(target: EscalationTarget, at: string, directory: EscalationDirectory): Candidate[] | string {
  switch (target.kind) {
    case 'person':
      return [{ personId: target.id, as: target, via: { kind: 'person', id: target.id, reason: 'named by the level' } }];
    case 'team': {
      const team = directory.team(target.id);
      if (!team) return 'unknown team';
      if (team.retired) return `team "${team.name}" retired`;
      if (team.memberIds.length === 0) return `team "${team.name}" has no members`;
      return team.memberIds.map((personId, i) => ({
        personId,
        as: { kind: 'person', id: personId },
        via: { kind: 'team', id: team.teamId, ...(team.version !== undefined ? { version: team.version } : {}), reason: `member ${i + 1} in on-call order of team "${team.name}"` },
      }));
    }
    case 'schedule': {
      const answer = directory.onCallAt(target.id, at);
      if (!answer) return 'unknown schedule';
      const named = answer.name !== undefined ? `schedule "${answer.name}"` : `schedule ${target.id}`;
      if (answer.retired) return `${named} retired`;
      if (answer.people.length === 0) return `schedule gap: nobody is on call on ${named} at ${at}`;
      return answer.people.map(({ personId, reason }) => ({
        personId,
        as: { kind: 'person', id: personId },
        via: { kind: 'schedule', id: answer.scheduleId, ...(answer.version !== undefined ? { version: answer.version } : {}), reason: `on call on ${named} at ${at}: ${reason}` },
      }));
    }
    default: {
      const unknown: never = target.kind;
      return `unknown target kind ${String(unknown)}`;
    }
  }
}

/** Why a person found through `candidate` cannot be paged, or undefined when they can. */
function unpageable(person: DirectoryPerson | undefined, candidate: Candidate): string | undefined {
  const through = candidate.via.kind === 'person' ? '' : ` (${candidate.via.reason})`;
  if (!person) return `unknown person${through}`;
  if (person.retired) return `person "${person.name}" retired${through}`;
  if (person.rules.length === 0) return `person "${person.name}" has no notification rule${through}`;
  return undefined;
}

/**
 * The people `level` pages at `at`: each target's people in the level's order, each person once
 * (the first target naming them wins), through their first notification rule. Every target or
 * person that gives nobody is in `skipped` with the reason: `unknown person|team|schedule`,
 * `person "…" retired`, `person "…" has no notification rule`, `team "…" retired`,
 * `team "…" has no members`, `schedule "…" retired`, `schedule gap: …`.
 */
export function resolveLevel(level: EscalationLevel, at: string, directory: EscalationDirectory, position: LevelPosition = { repeat: 0, level: 1 }): ResolvedLevel {
  const people: ResolvedPerson[] = [];
  const skipped: SkippedTarget[] = [];
  const seen = new Set<string>();
  const schedules: ScheduleAnswerRecord[] = [];
  const teams: TeamAnswerRecord[] = [];
  for (const target of level.targets) {
    observe(target, at, directory, schedules, teams);
    const candidates = candidatesOf(target, at, directory);
    if (typeof candidates === 'string') {
      skipped.push({ target: { kind: target.kind, id: target.id }, reason: candidates });
      continue;
    }
    for (const candidate of candidates) {
      if (seen.has(candidate.personId)) continue;
      seen.add(candidate.personId);
      const person = directory.person(candidate.personId);
      const why = unpageable(person, candidate);
      if (why !== undefined || !person) {
        skipped.push({ target: candidate.as, reason: why ?? 'unknown person' });
        continue;
      }
      const [first] = rulesInOrder(person.rules);
      people.push({ personId: person.personId, name: person.name, contactMethodId: first.contactMethodId, contactKind: first.contactKind, via: candidate.via });
    }
  }
  return { repeat: position.repeat, level: position.level, people, skipped, ...(schedules.length ? { schedules } : {}), ...(teams.length ? { teams } : {}) };
}

/** Records what a schedule or team target answered, when the directory gives enough to record it. */
function observe(target: EscalationTarget, at: string, directory: EscalationDirectory, schedules: ScheduleAnswerRecord[], teams: TeamAnswerRecord[]): void {
  if (target.kind === 'schedule') {
    const answer = directory.onCallAt(target.id, at);
    if (!answer || answer.version === undefined) return;
    schedules.push({
      scheduleId: answer.scheduleId,
      name: answer.name ?? answer.scheduleId,
      version: answer.version,
      at,
      personId: answer.people[0]?.personId ?? null,
      layer: answer.layer ?? null,
      overrideId: answer.overrideId ?? null,
      reason: answer.reason ?? answer.people[0]?.reason ?? 'nobody is on call',
      layers: (answer.layers ?? []).map((l) => ({ ...l })),
    });
  } else if (target.kind === 'team') {
    const team = directory.team(target.id);
    if (!team) return;
    teams.push({
      teamId: team.teamId,
      name: team.name,
      ...(team.version !== undefined ? { version: team.version } : {}),
      members: team.members ? team.members.map((m) => ({ ...m })) : team.memberIds.map((personId, i) => ({ personId, onCallOrder: i + 1 })),
    });
  }
}

/**
 * The resolutions the engine needs from `from` on, all at `at`: each level in turn until one has
 * someone to page, the end of the policy, or a whole pass of levels with nobody (the rest would
 * resolve the same at this instant). `from` null (nothing left) gives none.
 */
export function resolveFrom(
  policy: Pick<EscalationPolicyDefinition, 'levels' | 'repeat'>,
  from: LevelPosition | null,
  at: string,
  directory: EscalationDirectory,
): ResolvedLevel[] {
  const resolved: ResolvedLevel[] = [];
  for (let position = from; position !== null; position = positionAfter(policy, position)) {
    const level = policy.levels[position.level - 1];
    if (!level) break;
    const one = resolveLevel(level, at, directory, position);
    resolved.push(one);
    if (one.people.length > 0 || resolved.length >= policy.levels.length) break;
  }
  return resolved;
}
