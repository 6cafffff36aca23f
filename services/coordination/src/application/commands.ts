import { Command, Query } from '@nestjs/cqrs';
import { TeamMember } from '../domain/team.decider';
import { ResponseView } from './views';
import { TeamView } from './views';

/** Who asked, and through which request: becomes the events' metadata. */
export interface RequestContext {
  actor: string;
  requestId: string;
}

export class CreateTeamCommand extends Command<{ teamId: string }> {
  constructor(
    readonly name: string,
    readonly members: TeamMember[],
    readonly autoResolve: boolean,
    readonly context: RequestContext,
  ) {
    super();
  }
}

export class AcknowledgeIncidentCommand extends Command<{ eventId: string }> {
  constructor(
    readonly incidentId: string,
    readonly by: string,
    readonly context: RequestContext,
  ) {
    super();
  }
}

export class ResolveIncidentCommand extends Command<{ eventId: string }> {
  constructor(
    readonly incidentId: string,
    readonly by: string,
    readonly resolution: string | undefined,
    readonly context: RequestContext,
  ) {
    super();
  }
}

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
