import { Query } from '@nestjs/cqrs';
import { commandWith, RequestContext } from '@linchpin/platform';
import { AcknowledgeIncident, ResolveIncident } from '../domain/response.decider';
import { CreateTeam } from '../domain/team.decider';
import { ResponseView } from './views';
import { TeamView } from './views';

export class CreateTeamCommand extends commandWith<Pick<CreateTeam, 'name' | 'members' | 'autoResolve'> & { request: RequestContext }, { teamId: string }>() {}

export class AcknowledgeIncidentCommand extends commandWith<Pick<AcknowledgeIncident, 'incidentId' | 'by'> & { request: RequestContext }, { eventId: string }>() {}

export class ResolveIncidentCommand extends commandWith<Pick<ResolveIncident, 'incidentId' | 'by' | 'resolution'> & { request: RequestContext }, { eventId: string }>() {}

export class GetIncidentQuery extends Query<ResponseView> {
  constructor(readonly incidentId: string) {
    super();
  }
}

export class GetTeamQuery extends Query<TeamView> {
  constructor(readonly teamId: string) {
    super();
  }
}

export class ListTeamsQuery extends Query<{ items: TeamView[]; nextCursor: string | null }> {
  constructor(
    readonly limit: number,
    readonly cursor: string | undefined,
  ) {
    super();
  }
}
