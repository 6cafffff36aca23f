import { assertTeamScope, isTeamScoped, RequestContext } from '@linchpin/platform';
import { EventStore } from '@linchpin/eventsourcing';
import { IncidentState, ResponseState, teamIdFor } from '../domain/response-state';
import { responses } from '../domain/streams';
import { teamIdOf } from '../domain/team.decider';

/**
 * A token names its team as coordination does (`POST /coordination/api-tokens` keeps the team's name), an OIDC
 * claim may give the name or the id: either matches the incident's team (names compare case-insensitively, as team names do).
 */
const inScope = (request: RequestContext, state: IncidentState): void => {
  const teamId = teamIdFor(state);
  assertTeamScope(request.principal!, state.team ?? teamId, (held) => held === teamId || teamIdOf(held) === teamId);
};

/*
 * issue 14, team scoping: a principal with a team and a role below incident-manager acts only on its
 * team's incidents (403 `team_scope`). Checked in the handlers, on the response state the command is
 * decided on (the kernel's prepare hook), so the deciders stay pure and no extra read is made. An
 * unknown incident is left to the decider's own 404.
 */

type Prepare<C> = (command: C, state: ResponseState) => C | Promise<C>;

/** The prepare hook of a response command sent by a request: team scope first, then the handler's own preparation. */
export function teamScoped<C>(request: RequestContext, prepare?: Prepare<C>): { prepare: Prepare<C> } {
  return {
    prepare: (command, state) => {
      if (request.principal && state.status !== 'none') inScope(request, state);
      return prepare ? prepare(command, state) : command;
    },
  };
}

/** For commands on other streams that belong to an incident (its tasks): reads the incident's response only for a team-scoped principal. */
export async function assertIncidentInTeamScope(store: EventStore, request: RequestContext, incidentId: string): Promise<void> {
  if (!request.principal || !isTeamScoped(request.principal)) return;
  const state = await responses.load(store, { incidentId });
  if (state.status !== 'none') inScope(request, state);
}
