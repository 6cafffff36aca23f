import { Type } from '@sinclair/typebox';
import { CommandContext, configurationMetadata, Decider } from '@linchpin/eventsourcing';
import { defineEvent, EventOf } from '@linchpin/contracts';
import { DefaultRoute, RoutingRule } from './routing-rules';

/*
 * The teams coordination has created, as triage learned them from coordination's TeamCreated.
 * Triage keeps them in its own store (internal streams `knownTeam-<teamId>`, not published) because
 * a consumer group does not read consumed messages again: after a restart, the bus would not tell
 * triage of the teams it heard of before. Used only to warn about a default route (or a rule) that
 * names a team nobody created; routing itself never depends on it.
 */

export const TeamKnown = defineEvent('TeamKnown', 1, Type.Object({ teamId: Type.String({ minLength: 1 }), name: Type.String({ minLength: 1 }) }));
export type TeamKnownEvent = EventOf<typeof TeamKnown>;
/** Internal: coordination retired the team (TeamRetired); routing treats it as unknown from then on. */
export const TeamForgotten = defineEvent('TeamForgotten', 1, Type.Object({ teamId: Type.String({ minLength: 1 }), name: Type.String({ minLength: 1 }) }));
export type TeamForgottenEvent = EventOf<typeof TeamForgotten>;

export interface RecordKnownTeam {
  type: 'RecordKnownTeam';
  eventId: string;
  teamId: string;
  name: string;
  context: CommandContext;
}

/** Coordination retired the team (TeamRetired). */
export interface ForgetTeam {
  type: 'ForgetTeam';
  eventId: string;
  teamId: string;
  name: string;
  context: CommandContext;
}

export type KnownTeamCommand = RecordKnownTeam | ForgetTeam;
export type KnownTeamState = { known: boolean; retired?: boolean };

/**
 * Once per team: a redelivered TeamCreated (or a TeamUpdated, which changes no key) records
 * nothing; a retired team is forgotten once and never known again (coordination refuses its name).
 */
export const knownTeamDecider: Decider<KnownTeamCommand, KnownTeamState, TeamKnownEvent | TeamForgottenEvent> = {
  initialState: { known: false },
  evolve: (state, event) => (TeamForgotten.is(event) ? { known: false, retired: true } : { known: true }),
  decide: (command, state) => {
    if (state.retired) return [];
    if (command.type === 'ForgetTeam') return [TeamForgotten.create(command.eventId, { teamId: command.teamId, name: command.name }, configurationMetadata(command.context))];
    return state.known ? [] : [TeamKnown.create(command.eventId, { teamId: command.teamId, name: command.name }, configurationMetadata(command.context))];
  },
};

/** Coordination keys teams by their lower-cased name (a second "Payments" is refused as a duplicate of "payments"). */
export const teamKey = (name: string): string => name.trim().toLowerCase();

/**
 * Warnings for a rule set whose default route (or a rule's fixed team) names a team coordination
 * has not created: an incident routed there pages nobody until the team exists.
 */
export const unknownTeamWarnings = (ruleSet: { rules: readonly RoutingRule[]; defaultRoute: DefaultRoute }, known: ReadonlySet<string>): string[] => {
  const warnings: string[] = [];
  if (!known.has(teamKey(ruleSet.defaultRoute.team))) {
    warnings.push(
      `the default route's team "${ruleSet.defaultRoute.team}" does not exist in coordination: an incident no rule routes, or routed to a team that ` +
        'does not exist, pages nobody until it is created',
    );
  }
  for (const rule of ruleSet.rules) {
    const team = (rule.route as { team?: string }).team;
    if (team !== undefined && !known.has(teamKey(team))) {
      warnings.push(`rule "${rule.id}" routes to team "${team}", which does not exist in coordination: its incidents go to the default route's team`);
    }
  }
  return warnings;
};
