import { Query } from '@nestjs/cqrs';
import { commandWith, RequestContext } from '@linchpin/platform';
import { AcknowledgeIncident, ResolveIncident } from '../domain/response.decider';
import { CreateTeam } from '../domain/team.decider';
import { PersonInput } from '../domain/person.decider';
import { PersonView, ResponseView, TeamView } from './views';

/**
 * A member as a team request gives it: a person by id, or (the payload from before people existed)
 * a name and a webhook, which becomes a person derived from the team and the name.
 */
export type MemberInput = { personId: string; onCallOrder: number } | { name: string; onCallOrder: number; webhookUrl: string };

export class CreateTeamCommand extends commandWith<
  Pick<CreateTeam, 'name' | 'autoResolve' | 'defaultEscalationPolicyId'> & { members: MemberInput[]; request: RequestContext },
  { teamId: string }
>() {}

export class UpdateTeamCommand extends commandWith<
  { teamId: string; name: string; members: { personId: string; onCallOrder: number }[]; autoResolve?: boolean; defaultEscalationPolicyId?: string; request: RequestContext },
  { eventId: string }
>() {}

export class RetireTeamCommand extends commandWith<{ teamId: string; request: RequestContext }, { eventId: string }>() {}

/** What a person route answers: the person's id and the id each contact method got. */
export interface PersonSaved {
  personId: string;
  contactMethods: { id: string; kind: string }[];
}

export class RegisterPersonCommand extends commandWith<{ person: PersonInput; request: RequestContext }, PersonSaved>() {}

export class UpdatePersonCommand extends commandWith<{ personId: string; person: PersonInput; request: RequestContext }, PersonSaved>() {}

export class RetirePersonCommand extends commandWith<{ personId: string; request: RequestContext }, { eventId: string }>() {}

/** Who acknowledges or resolves is the request's actor: the body's `by`, else `X-Actor`, else `api` (the events' `by` and their metadata's `actor` agree). */
export class AcknowledgeIncidentCommand extends commandWith<Pick<AcknowledgeIncident, 'incidentId'> & { request: RequestContext }, { eventId: string }>() {}

export class ResolveIncidentCommand extends commandWith<Pick<ResolveIncident, 'incidentId' | 'resolution'> & { request: RequestContext }, { eventId: string }>() {}

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

export class GetPersonQuery extends Query<PersonView> {
  constructor(readonly personId: string) {
    super();
  }
}

export class ListPeopleQuery extends Query<{ items: PersonView[]; nextCursor: string | null }> {
  constructor(
    readonly limit: number,
    readonly cursor: string | undefined,
  ) {
    super();
  }
}
