import { DomainError, nameBasedId } from '@linchpin/eventsourcing';

/*
 * An escalation policy: ordered levels, each paging its targets, each with a timeout before the
 * next; the whole policy runs again `repeat` times. Target ids are not checked here: a level is
 * resolved to people when it is reached, and a target that gives nobody is skipped with the reason.
 */

export type TargetKind = 'person' | 'schedule' | 'team';
export const TARGET_KINDS: readonly TargetKind[] = ['person', 'schedule', 'team'];

export interface EscalationTarget {
  kind: TargetKind;
  id: string;
}

export interface EscalationLevel {
  targets: EscalationTarget[];
  /** Minutes after this level is paged before the next one is, unless someone acknowledged. */
  timeoutMinutes: number;
}

/** What a user states about a policy (the id and version are Linchpin's). */
export interface EscalationPolicyDefinition {
  name: string;
  levels: EscalationLevel[];
  /** How many times the whole policy runs again after its last level (0: once). */
  repeat: number;
  /** Re-notify an acknowledged incident left untouched this long; absent: never. */
  acknowledgementTimeoutMinutes?: number;
}

/** The policy an escalation follows, as it stood when the escalation started. */
export interface EscalationPolicySnapshot extends EscalationPolicyDefinition {
  policyId: string;
  version: number;
  /** `team-default`: a legacy team's policy, derived from its members (`defaultPolicyForTeam`). */
  source: 'policy' | 'team-default';
}

export const LIMITS = {
  levels: { min: 1, max: 20 },
  targetsPerLevel: { min: 1, max: 20 },
  timeoutMinutes: { min: 1, max: 1440 },
  repeat: { min: 0, max: 9 },
  acknowledgementTimeoutMinutes: { min: 1, max: 1440 },
  name: { max: 200 },
} as const;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const invalid = (field: string, message: string): DomainError => new DomainError('escalation_policy_invalid', message, field);
const integerIn = (value: number, { min, max }: { min: number; max: number }): boolean => Number.isInteger(value) && value >= min && value <= max;

/** The HTTP layer checks the same; this keeps every stored version sound whoever sends the command. */
export function validatePolicy(definition: EscalationPolicyDefinition): void {
  if (definition.name.trim() === '' || definition.name.length > LIMITS.name.max) throw invalid('name', 'name must not be blank (at most 200 characters)');
  const { levels } = definition;
  if (levels.length < LIMITS.levels.min || levels.length > LIMITS.levels.max) throw invalid('levels', 'a policy has 1 to 20 levels');
  levels.forEach((level, i) => {
    if (!integerIn(level.timeoutMinutes, LIMITS.timeoutMinutes)) throw invalid(`levels.${i}.timeoutMinutes`, 'timeoutMinutes must be an integer from 1 to 1440');
    if (level.targets.length < LIMITS.targetsPerLevel.min || level.targets.length > LIMITS.targetsPerLevel.max) {
      throw invalid(`levels.${i}.targets`, 'a level has 1 to 20 targets');
    }
    const seen = new Set<string>();
    level.targets.forEach((target, j) => {
      if (!TARGET_KINDS.includes(target.kind)) throw invalid(`levels.${i}.targets.${j}.kind`, 'kind must be person, schedule or team');
      if (!UUID.test(target.id)) throw invalid(`levels.${i}.targets.${j}.id`, 'id must be a UUID');
      const key = `${target.kind}:${target.id.toLowerCase()}`;
      if (seen.has(key)) throw invalid(`levels.${i}.targets`, `${target.kind} ${target.id} is named twice in the level`);
      seen.add(key);
    });
  });
  if (!integerIn(definition.repeat, LIMITS.repeat)) throw invalid('repeat', 'repeat must be an integer from 0 to 9');
  const ackTimeout = definition.acknowledgementTimeoutMinutes;
  if (ackTimeout !== undefined && !integerIn(ackTimeout, LIMITS.acknowledgementTimeoutMinutes)) {
    throw invalid('acknowledgementTimeoutMinutes', 'acknowledgementTimeoutMinutes must be an integer from 1 to 1440');
  }
}

/** One spelling per definition (trimmed name, lower-case ids, no absent optional), so "nothing changed" is a plain comparison. */
export const normalizePolicy = (definition: EscalationPolicyDefinition): EscalationPolicyDefinition => ({
  name: definition.name.trim(),
  levels: definition.levels.map((level) => ({
    targets: level.targets.map((target) => ({ kind: target.kind, id: target.id.toLowerCase() })),
    timeoutMinutes: level.timeoutMinutes,
  })),
  repeat: definition.repeat,
  ...(definition.acknowledgementTimeoutMinutes !== undefined ? { acknowledgementTimeoutMinutes: definition.acknowledgementTimeoutMinutes } : {}),
});

export const samePolicy = (a: EscalationPolicyDefinition, b: EscalationPolicyDefinition): boolean =>
  JSON.stringify(normalizePolicy(a)) === JSON.stringify(normalizePolicy(b));

/** A legacy team member as the default policy needs it: the person it is, and its place in the on-call order. */
export interface OrderedMember {
  personId: string;
  onCallOrder: number;
}

/** The id of a team's default policy: stable, so every escalation of the team names the same policy. */
export const defaultPolicyIdOf = (teamId: string): string => nameBasedId(`escalation-policy:team-default:${teamId.toLowerCase()}`);

/**
 * The default policy of a legacy team (one created without a policy): one level per member in
 * `onCallOrder`, each paging that person, `minutesBetweenLevels` apart (the setting
 * `COORDINATION_DEFAULT_ESCALATION_MINUTES`, default 15), run once. So a team of two always
 * escalates to the second. Its version is the team's, so a changed team is a new policy version.
 * A team without members gives a policy without levels, which the engine exhausts at once.
 */
export function defaultPolicyForTeam(
  team: { teamId: string; name: string; version: number; members: readonly OrderedMember[] },
  minutesBetweenLevels: number,
): EscalationPolicySnapshot {
  const ordered = [...team.members].sort((a, b) => a.onCallOrder - b.onCallOrder);
  return {
    policyId: defaultPolicyIdOf(team.teamId),
    version: team.version,
    source: 'team-default',
    name: `default policy of team "${team.name}"`,
    levels: ordered.map((member) => ({ targets: [{ kind: 'person', id: member.personId }], timeoutMinutes: minutesBetweenLevels })),
    repeat: 0,
  };
}

/** A place in an escalation: `level` is 1-based, `repeat` 0 on the first pass. */
export interface LevelPosition {
  repeat: number;
  level: number;
}

export const FIRST_POSITION: LevelPosition = { repeat: 0, level: 1 };

/** The position after `at` in `policy`, or null after the last level of the last repeat. */
export function positionAfter(policy: Pick<EscalationPolicyDefinition, 'levels' | 'repeat'>, at: LevelPosition): LevelPosition | null {
  if (at.level < policy.levels.length) return { repeat: at.repeat, level: at.level + 1 };
  if (at.repeat < policy.repeat) return { repeat: at.repeat + 1, level: 1 };
  return null;
}

/** Whether `at` is a position of `policy` at all (a policy without levels has none). */
export const isPositionOf = (policy: Pick<EscalationPolicyDefinition, 'levels' | 'repeat'>, at: LevelPosition): boolean =>
  at.level >= 1 && at.level <= policy.levels.length && at.repeat >= 0 && at.repeat <= policy.repeat;
