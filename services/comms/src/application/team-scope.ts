import { AccessDeniedException, assertTeamScope, isTeamScoped, RequestContext } from '@linchpin/platform';
import { isIncidentTeam } from '../domain/incident-team';
import { KnownIncidentState } from '../domain/known-incident.decider';

/*
 * Issue 14, team scoping: a principal with a team and a role below incident-manager posts stakeholder
 * updates only for its team's incidents (403 `team_scope`, naming the team). Checked in the handler,
 * on the incident as comms knows it (its `commsIncident-` stream), before deciding, so the decider
 * stays pure and nothing is stored for a refused update.
 */

/** Refuses a team-scoped principal acting on another team's incident, or on one whose team comms does not know yet. */
export function assertIncidentInTeamScope(request: RequestContext, incident: KnownIncidentState): void {
  const { principal } = request;
  // An incident comms has not heard of is left to the decider's own 404.
  if (!principal || !incident.known) return;
  const { team } = incident;
  if (team) return assertTeamScope(principal, team.name, (held) => isIncidentTeam(held, team));
  // Known from an event that names no team (coordination's page is on its way): the check cannot pass yet.
  if (isTeamScoped(principal)) {
    throw new AccessDeniedException(
      'team_scope',
      `The token acts for team ${principal.team} only; comms does not know this incident's team yet (it learns it from coordination's page): retry shortly, or ask an incident-manager`,
    );
  }
}
