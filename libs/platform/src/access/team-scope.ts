import { AccessDeniedException } from './access-errors';
import { Principal } from './principal';
import { rolesAllow } from './roles';

/**
 * Team scoping: a principal with a team and a role below incident-manager acts only on its team's
 * incidents (403 `team_scope`, naming the team). A principal without a team, or an
 * incident-manager or admin, acts on every incident.
 */
export function assertTeamScope(
  principal: Principal,
  team: string | null,
  /** Whether the principal's team is the resource's (a service may know a team by its name and its id); equality by default. */
  sameTeam: (held: string, resource: string) => boolean = (held, resource) => held === resource,
): void {
  if (!isTeamScoped(principal)) return;
  if (team !== null && sameTeam(principal.team!, team)) return;
  throw AccessDeniedException.team(principal.team!, team);
}

/** Whether the principal is held to its team's incidents: it has a team and a role below incident-manager. */
export const isTeamScoped = (principal: Principal): boolean => principal.team !== null && !rolesAllow(principal.roles, 'incident-manager');
