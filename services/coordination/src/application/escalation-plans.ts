import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, EventStore } from '@linchpin/eventsourcing';
import { EscalationPolicySnapshot, FIRST_POSITION, LevelPosition, NotificationRulesByPerson, ResolvedLevel, defaultPolicyForTeam, notificationRulesOf, resolveFrom, resolveLevel } from '../domain/escalation';
import { EscalationPolicyEntry } from '../domain/escalation/escalation-policy.decider';
import { EscalationPlan, FallbackPage } from '../domain/response.decider';
import { TeamState, teamIdOf } from '../domain/team.decider';
import { escalationPolicies, teams } from '../domain/streams';
import { COORDINATION_SETTINGS, CoordinationSettings } from '../coordination.settings';
import { EscalationPoliciesProjection } from './escalation-policies.projection';
import { loadDirectory } from './escalation-directory';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const snapshotOf = (policy: EscalationPolicyEntry): EscalationPolicySnapshot => ({
  policyId: policy.policyId,
  version: policy.version,
  source: 'policy',
  name: policy.name,
  levels: policy.levels,
  repeat: policy.repeat,
  ...(policy.acknowledgementTimeoutMinutes !== undefined ? { acknowledgementTimeoutMinutes: policy.acknowledgementTimeoutMinutes } : {}),
});

type ActiveTeam = Exclude<TeamState, { status: 'none' }>;

/**
 * Chooses an incident's escalation policy and resolves its levels before the response decides
 * (the kernel's `prepare` hook): the route's policy (an id, or a name from the policies read model),
 * else the team's default policy, else the team's members in on-call order
 * (`COORDINATION_DEFAULT_ESCALATION_MINUTES` apart). A policy named but unknown or retired is said
 * in the first page's reason, and the team's is followed instead.
 */
@Injectable()
export class EscalationPlanner {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(COORDINATION_SETTINGS) private readonly settings: CoordinationSettings,
    private readonly policies: EscalationPoliciesProjection,
  ) {}

  /** The policy for `teamId`'s incident, with the route's choice first. */
  async policyFor(teamId: string, routePolicy?: string): Promise<{ policy: EscalationPolicySnapshot; note?: string } | undefined> {
    const team = await teams.load(this.store, { teamId });
    if (team.status === 'none') return undefined;
    const notes: string[] = [];
    if (routePolicy !== undefined && routePolicy.trim() !== '') {
      const named = await this.stored(routePolicy);
      if (named) return { policy: named };
      notes.push(`the route's escalation policy "${routePolicy}" is unknown or retired: following team "${team.name}"'s`);
    }
    if (team.defaultEscalationPolicyId !== undefined) {
      const own = await this.stored(team.defaultEscalationPolicyId);
      if (own) return { policy: own, ...(notes.length ? { note: notes.join('; ') } : {}) };
      notes.push(`team "${team.name}"'s default escalation policy ${team.defaultEscalationPolicyId} is unknown or retired: following its members in on-call order`);
    }
    return { policy: this.memberPolicy(team), ...(notes.length ? { note: notes.join('; ') } : {}) };
  }

  /** The plan of `teamId`'s incident at `at`: the policy and its levels from the first, resolved. */
  async plan(teamId: string, routePolicy: string | undefined, at: string): Promise<EscalationPlan | undefined> {
    const chosen = await this.policyFor(teamId, routePolicy);
    if (!chosen) return undefined;
    return { ...chosen, ...(await this.resolve(chosen.policy, FIRST_POSITION, at)) };
  }

  /**
   * The levels of `policy` from `from` on, resolved at `at` (the people, schedules and teams they
   * name, read now), their people's notification rules, and, when they page nobody and the escalation
   * has a default route's team, whom that team pages instead.
   */
  async resolve(
    policy: EscalationPolicySnapshot,
    from: LevelPosition,
    at: string,
    fallbackTeam: string | null = null,
  ): Promise<{ levels: ResolvedLevel[]; notificationRules: NotificationRulesByPerson; onExhausted?: FallbackPage }> {
    const directory = await loadDirectory(this.store, policy.levels, at);
    const levels = resolveFrom(policy, from, at, directory);
    const onExhausted = await this.onExhausted(levels, fallbackTeam, at);
    return { levels, notificationRules: notificationRulesOf(levels, directory), ...(onExhausted ? { onExhausted } : {}) };
  }

  /** Whom the default route's team pages when `levels` page nobody (undefined when they page someone, or there is no such team). */
  async onExhausted(levels: readonly ResolvedLevel[], fallbackTeam: string | null, at: string): Promise<FallbackPage | undefined> {
    return fallbackTeam !== null && levels.every((level) => level.people.length === 0) ? this.fallbackPage(fallbackTeam, at) : undefined;
  }

  /**
   * Whom the default route's team pages once an escalation is exhausted: the first level of its own
   * policy, resolved at `at`; undefined when the team is unknown or retired.
   */
  async fallbackPage(teamName: string, at: string): Promise<FallbackPage | undefined> {
    const teamId = teamIdOf(teamName);
    const team = await teams.load(this.store, { teamId });
    if (team.status !== 'active') return undefined;
    const chosen = await this.policyFor(teamId);
    const first = chosen?.policy.levels[0];
    if (!chosen || !first) return undefined;
    const directory = await loadDirectory(this.store, [first], at);
    const { policyId, version, name } = chosen.policy;
    return { teamId, team: team.name, policy: { policyId, version, name }, level: resolveLevel(first, at, directory) };
  }

  private memberPolicy(team: ActiveTeam): EscalationPolicySnapshot {
    return defaultPolicyForTeam({ teamId: team.teamId, name: team.name, version: team.version ?? 1, members: team.members }, this.settings.defaultEscalationMinutes);
  }

  /** A stored, active policy by id or by name. */
  private async stored(idOrName: string): Promise<EscalationPolicySnapshot | undefined> {
    if (UUID.test(idOrName.trim())) {
      const state = await escalationPolicies.load(this.store, { policyId: idOrName.trim().toLowerCase() });
      if (state.status === 'active') return snapshotOf(state.policy);
    }
    const view = await this.policies.byName(idOrName);
    if (!view) return undefined;
    const state = await escalationPolicies.load(this.store, { policyId: view.policyId });
    return state.status === 'active' ? snapshotOf(state.policy) : undefined;
  }
}
