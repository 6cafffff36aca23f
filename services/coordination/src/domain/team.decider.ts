import { CommandContext, Decider, DomainError, NotFoundError, assertNever, configurationMetadata } from '@linchpin/eventsourcing';
import { TeamCreated, TeamCreatedEvent, TeamRetired, TeamRetiredEvent, TeamUpdated, TeamUpdatedEvent, teamIdOf } from '@linchpin/contracts';

/** A member is a person (`/coordination/people`) at a place in the team's on-call order. */
export interface TeamMember {
  personId: string;
  onCallOrder: number;
  /**
   * Only on teams stored before people existed (TeamCreated v1/v2, raised by the upcaster): the
   * member's inline name and webhook, from which coordination registers that person when it first
   * pages them.
   */
  legacyContact?: { name: string; webhookUrl: string };
}

export interface Team {
  teamId: string;
  name: string;
  members: TeamMember[];
  /** Resolve the team's incidents when every alert has resolved at its source. */
  autoResolve: boolean;
  defaultEscalationPolicyId?: string;
  /** 1 when created, +1 on every recorded change: the version of its default escalation policy. */
  version?: number;
}

/** A team's id comes from its name, so two teams can never share a name (case-insensitive). */
export { teamIdOf };

export interface CreateTeam {
  type: 'CreateTeam';
  /** `teamIdOf(name)`: the key of the team's stream. */
  teamId: string;
  eventId: string;
  name: string;
  members: TeamMember[];
  autoResolve: boolean;
  defaultEscalationPolicyId?: string;
  context: CommandContext;
}

/** Replace a team's name (same key: only case and spacing may change), members and default policy. */
export interface UpdateTeam {
  type: 'UpdateTeam';
  teamId: string;
  eventId: string;
  name: string;
  members: TeamMember[];
  autoResolve?: boolean;
  defaultEscalationPolicyId?: string;
  context: CommandContext;
}

export interface RetireTeam {
  type: 'RetireTeam';
  teamId: string;
  eventId: string;
  context: CommandContext;
}

export type TeamCommand = CreateTeam | UpdateTeam | RetireTeam;
export type TeamEvent = TeamCreatedEvent | TeamUpdatedEvent | TeamRetiredEvent;
export type TeamState = { status: 'none' } | ({ status: 'active' } & Team) | ({ status: 'retired' } & Team);

const teamOf = (d: TeamCreatedEvent['data']): Team => ({
  teamId: d.teamId,
  name: d.name,
  members: d.members,
  autoResolve: d.autoResolve,
  ...(d.defaultEscalationPolicyId !== undefined ? { defaultEscalationPolicyId: d.defaultEscalationPolicyId } : {}),
});

export const teamDecider: Decider<TeamCommand, TeamState, TeamEvent> = {
  initialState: { status: 'none' },
  evolve(state, event) {
    switch (event.type) {
      case 'TeamCreated':
      case 'TeamUpdated':
        return { status: 'active', ...teamOf(event.data), version: state.status === 'none' ? 1 : (state.version ?? 1) + 1 };
      case 'TeamRetired':
        return state.status === 'none' ? state : { ...state, status: 'retired', version: (state.version ?? 1) + 1 };
      default:
        return state;
    }
  },
  decide(command, state) {
    switch (command.type) {
      case 'CreateTeam':
        return decideCreate(command, state);
      case 'UpdateTeam':
        return decideUpdate(command, state);
      case 'RetireTeam': {
        const team = mustBeActive(command.teamId, state);
        return [TeamRetired.create(command.eventId, { teamId: team.teamId, name: team.name }, configurationMetadata(command.context))];
      }
      default:
        return assertNever(command);
    }
  },
};

function decideCreate(command: CreateTeam, state: TeamState): TeamEvent[] {
  switch (state.status) {
    case 'active':
      throw new DomainError('team_exists', `a team named "${state.name}" already exists`, 'name');
    // The name is the team's key (triage routes by it): a retired team's name stays taken.
    case 'retired':
      throw new DomainError('team_retired', `a retired team named "${state.name}" exists: its name cannot be used again`, 'name');
    case 'none':
      break;
    default:
      return assertNever(state);
  }
  assertMembers(command.members);
  const name = command.name.trim();
  return [
    TeamCreated.create(
      command.eventId,
      { teamId: teamIdOf(name), name, members: command.members, autoResolve: command.autoResolve, ...policy(command.defaultEscalationPolicyId) },
      configurationMetadata(command.context),
    ),
  ];
}

function decideUpdate(command: UpdateTeam, state: TeamState): TeamEvent[] {
  const team = mustBeActive(command.teamId, state);
  const name = command.name.trim();
  if (teamIdOf(name) !== team.teamId) {
    throw new DomainError('team_name_fixed', `a team's name is its routing key: "${team.name}" may change only in case or spacing, not to "${name}"`, 'name');
  }
  assertMembers(command.members);
  return [
    TeamUpdated.create(
      command.eventId,
      { teamId: team.teamId, name, members: command.members, autoResolve: command.autoResolve ?? team.autoResolve, ...policy(command.defaultEscalationPolicyId) },
      configurationMetadata(command.context),
    ),
  ];
}

const policy = (id: string | undefined) => (id !== undefined ? { defaultEscalationPolicyId: id } : {});

function mustBeActive(teamId: string, state: TeamState): Team {
  switch (state.status) {
    case 'none':
      throw new NotFoundError('team', teamId);
    case 'retired':
      throw new DomainError('team_retired', `team "${state.name}" is retired: no change is accepted`);
    case 'active':
      return state;
    default:
      return assertNever(state);
  }
}

function assertMembers(members: readonly TeamMember[]): void {
  if (members.length === 0) throw new DomainError('team_without_members', 'a team needs at least one member', 'members');
  if (new Set(members.map((m) => m.onCallOrder)).size !== members.length) {
    throw new DomainError('duplicate_on_call_order', 'onCallOrder must be unique within a team', 'members');
  }
  if (new Set(members.map((m) => m.personId)).size !== members.length) throw new DomainError('duplicate_member', 'a person is a member of a team once', 'members');
}

/** Members in on-call order: lowest onCallOrder first, whatever the listing order. */
export const inOnCallOrder = (team: Team): TeamMember[] => [...team.members].sort((a, b) => a.onCallOrder - b.onCallOrder);
