import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler, IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { CLOCK, Clock, EVENT_STORE, EventStore, NotFoundError, executeCommand, newId } from '@linchpin/eventsourcing';
import { teamDecider, teamIdOf } from '../domain/team.decider';
import { CreateTeamCommand, GetTeamQuery, ListTeamsQuery } from './commands';
import { loadTeam, upcast } from './streams';
import { TeamsProjection } from './teams.projection';
import { TeamView } from './views';
import { teamStream } from '../domain/streams';

@CommandHandler(CreateTeamCommand)
export class CreateTeamHandler implements ICommandHandler<CreateTeamCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(command: CreateTeamCommand): Promise<{ teamId: string }> {
    const teamId = teamIdOf(command.name);
    await executeCommand(
      this.store,
      teamStream(teamId),
      teamDecider,
      {
        type: 'CreateTeam',
        eventId: newId(),
        name: command.name,
        members: command.members,
        autoResolve: command.autoResolve,
        metadata: {
          correlationId: command.context.requestId,
          causationId: command.context.requestId,
          actor: command.context.actor,
          occurredAt: this.clock.now().toISOString(),
        },
      },
      { map: upcast },
    );
    return { teamId };
  }
}

@QueryHandler(GetTeamQuery)
export class GetTeamHandler implements IQueryHandler<GetTeamQuery> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute(query: GetTeamQuery): Promise<TeamView> {
    const state = await loadTeam(this.store, query.teamId);
    if (state.status === 'none') throw new NotFoundError('team', query.teamId);
    return { teamId: state.teamId, name: state.name, members: state.members, autoResolve: state.autoResolve };
  }
}

@QueryHandler(ListTeamsQuery)
export class ListTeamsHandler implements IQueryHandler<ListTeamsQuery> {
  constructor(private readonly teams: TeamsProjection) {}

  async execute(query: ListTeamsQuery): Promise<{ items: TeamView[]; nextCursor: string | null }> {
    return this.teams.page(query.limit, query.cursor);
  }
}

