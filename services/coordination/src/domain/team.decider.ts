import { CommandContext, Decider, DomainError, assertNever, configurationMetadata, nameBasedId } from '@linchpin/eventsourcing';
import { TeamCreated, TeamCreatedEvent } from '@linchpin/contracts';

export interface TeamMember {
  name: string;
  onCallOrder: number;
  contact: { webhookUrl: string };
}

export interface Team {
  teamId: string;
  name: string;
  members: TeamMember[];
  /** Resolve the team's incidents when every alert has resolved at its source. */
  autoResolve: boolean;
}

/** A team's id comes from its name, so two teams can never share a name (case-insensitive). */
export const teamIdOf = (name: string): string => nameBasedId(`team:${name.trim().toLowerCase()}`);

export interface CreateTeam {
  type: 'CreateTeam';
  /** `teamIdOf(name)`: the key of the team's stream. */
  teamId: string;
  eventId: string;
  name: string;
  members: TeamMember[];
  autoResolve: boolean;
  context: CommandContext;
}

export type TeamCommand = CreateTeam;
export type TeamEvent = TeamCreatedEvent;
export type TeamState = { status: 'none' } | ({ status: 'active' } & Team);

export const teamDecider: Decider<TeamCommand, TeamState, TeamEvent> = {
  initialState: { status: 'none' },
  evolve(state, event) {
    switch (event.type) {
      case 'TeamCreated':
        return { status: 'active', teamId: event.data.teamId, name: event.data.name, members: event.data.members, autoResolve: event.data.autoResolve };
      default:
        return state;
    }
  },
  decide(command, state) {
    switch (state.status) {
      case 'active':
        throw new DomainError('team_exists', `a team named "${state.name}" already exists`, 'name');
      case 'none':
        break;
      default:
        return assertNever(state);
    }
    if (command.members.length === 0) throw new DomainError('team_without_members', 'a team needs at least one member', 'members');
    const orders = new Set(command.members.map((m) => m.onCallOrder));
    if (orders.size !== command.members.length) {
      throw new DomainError('duplicate_on_call_order', 'onCallOrder must be unique within a team', 'members');
    }
    const name = command.name.trim();
    return [TeamCreated.create(command.eventId, { teamId: teamIdOf(name), name, members: command.members, autoResolve: command.autoResolve }, configurationMetadata(command.context))];
  },
};

/** The on-call responder: the member with the lowest onCallOrder. */
export const onCallOf = (team: Team): TeamMember | undefined =>
  [...team.members].sort((a, b) => a.onCallOrder - b.onCallOrder)[0];
