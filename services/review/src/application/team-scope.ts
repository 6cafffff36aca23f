import { AccessDeniedException, assertTeamScope, isTeamScoped, RequestContext } from '@linchpin/platform';
import { EventStore } from '@linchpin/eventsourcing';
import { teamIdOf } from '@linchpin/contracts';
import { applyEntry, emptySnapshot } from '../domain/as-of';
import { timelineEntries } from './postmortem/timeline-entries';

/*
 * Team scoping (docs/architecture.md, Access), as coordination and comms hold it: a principal with a team and a role
 * below incident-manager writes notes, corrections and postmortems only for its team's incidents (403 `team_scope`,
 * nothing stored). Checked at the handlers' entry, on the team review's own timeline knows (its fold: triage's route,
 * else where a reassignment sent the response), never by asking coordination.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A token keeps the team's name, an OIDC claim may give the name or the id: either names the team. */
const idOfReference = (reference: string): string => (UUID.test(reference) ? reference.toLowerCase() : teamIdOf(reference));

/** Refuses a team-scoped principal acting on another team's incident, or on one whose team review does not know yet. */
export async function assertIncidentInTeamScope(store: EventStore, request: RequestContext, incidentId: string): Promise<void> {
  const { principal } = request;
  if (!principal || !isTeamScoped(principal)) return;
  const entries = await timelineEntries(store, incidentId);
  // An incident review has not heard of is left to the handler's own 404.
  if (entries.length === 0) return;
  const state = entries.reduce(applyEntry, emptySnapshot);
  const team = state.assignedTo?.kind === 'team' ? { name: state.assignedTo.name, id: state.assignedTo.id } : state.team ? { name: state.team, id: null } : null;
  if (!team) {
    throw new AccessDeniedException(
      'team_scope',
      `The token acts for team ${principal.team} only; review does not know this incident's team yet (it learns it from triage's routing): retry shortly, or ask an incident-manager`,
    );
  }
  const teamId = team.id?.toLowerCase() ?? teamIdOf(team.name);
  assertTeamScope(principal, team.name, (held) => idOfReference(held) === teamId || teamIdOf(held) === teamIdOf(team.name));
}
