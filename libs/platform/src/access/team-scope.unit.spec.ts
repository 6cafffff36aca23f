import { AccessDeniedException } from './access-errors';
import { Principal } from './principal';
import { assertTeamScope } from './team-scope';

const principal = (roles: Principal['roles'], team: string | null): Principal => ({ actor: 'token:t-1', kind: 'api-token', name: 'pager phone', roles, team, personId: null });

describe('assertTeamScope: a responder with a team acts only on that team’s incidents', () => {
  it('lets a responder act on its own team’s incident', () => {
    expect(() => assertTeamScope(principal(['responder'], 'team-a'), 'team-a')).not.toThrow();
  });

  it('refuses another team’s incident, or one of no team, with 403 team_scope naming the team', () => {
    for (const team of ['team-b', null]) {
      let error: unknown;
      try {
        assertTeamScope(principal(['responder'], 'team-a'), team);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(AccessDeniedException);
      expect(error).toMatchObject({ code: 'team_scope' });
      expect((error as AccessDeniedException).getStatus()).toBe(403);
      expect((error as Error).message).toContain('team team-a');
    }
  });

  it('matches the team as the service knows it (a name for an id, say)', () => {
    const sameIgnoringCase = (held: string, resource: string) => held.toLowerCase() === resource.toLowerCase();
    expect(() => assertTeamScope(principal(['responder'], 'Payments'), 'payments', sameIgnoringCase)).not.toThrow();
    expect(() => assertTeamScope(principal(['responder'], 'Payments'), 'search', sameIgnoringCase)).toThrow(AccessDeniedException);
  });

  it('does not scope a principal without a team, nor an incident-manager or admin with one', () => {
    expect(() => assertTeamScope(principal(['responder'], null), 'team-b')).not.toThrow();
    expect(() => assertTeamScope(principal(['incident-manager'], 'team-a'), 'team-b')).not.toThrow();
    expect(() => assertTeamScope(principal(['admin'], 'team-a'), null)).not.toThrow();
  });
});
