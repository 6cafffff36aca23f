import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler, IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { EVENT_STORE, EventStore, NotFoundError, newId } from '@linchpin/eventsourcing';
import { StoreCommandHandler } from '@linchpin/platform';
import { teamIdOf } from '../domain/team.decider';
import { teams } from '../domain/streams';
import { CreateTeamCommand, GetTeamQuery, ListTeamsQuery } from './commands';
import { TeamsProjection } from './teams.projection';
import { TeamView } from './views';

@CommandHandler(CreateTeamCommand)
export class CreateTeamHandler extends StoreCommandHandler implements ICommandHandler<CreateTeamCommand> {
  async execute({ name, members, autoResolve, request }: CreateTeamCommand): Promise<{ teamId: string }> {
    const teamId = teamIdOf(name);
    await teams.handle(this.store, { type: 'CreateTeam', teamId, eventId: newId(), name, members, autoResolve, context: this.contextOf(request) });
    return { teamId };
  }
}

@QueryHandler(GetTeamQuery)
export class GetTeamHandler implements IQueryHandler<GetTeamQuery> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute(query: GetTeamQuery): Promise<TeamView> {
    const state = await teams.load(this.store, { teamId: query.teamId });
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

