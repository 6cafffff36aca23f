import { Role } from './roles';

/** Who is calling: set on the request by the AccessGuard before any handler runs. */
export interface Principal {
  /** Recorded as every event's metadata.actor: `person:<personId>` when the token belongs to a person, else `token:<tokenId>`, `oidc:<sub>`, or `admin`. */
  actor: string;
  kind: 'admin' | 'api-token' | 'oidc' | 'metrics' | 'anonymous';
  /** Token name / OIDC name or sub / 'admin'. */
  name: string;
  roles: Role[];
  team: string | null;
  personId: string | null;
}

export const ADMIN_PRINCIPAL: Principal = Object.freeze({ actor: 'admin', kind: 'admin', name: 'admin', roles: ['admin'], team: null, personId: null }) as Principal;

/** On a public route: nobody was asked for a token (a sender's route names its integration as the actor itself). */
export const ANONYMOUS_PRINCIPAL: Principal = Object.freeze({ actor: 'anonymous', kind: 'anonymous', name: 'anonymous', roles: [], team: null, personId: null }) as Principal;

/** `/metrics` scraped with METRICS_TOKEN: may read the metrics and nothing else. */
export const METRICS_PRINCIPAL: Principal = Object.freeze({ actor: 'metrics', kind: 'metrics', name: 'metrics', roles: [], team: null, personId: null }) as Principal;

/** A request as the guard leaves it (Fastify's request object carries the principal). */
export interface RequestWithPrincipal {
  principal?: Principal;
}

/** The request's principal; an Error when none was set (the guard runs on every route, so this is a wiring bug). */
export function principalOf(request: RequestWithPrincipal): Principal {
  if (!request.principal) throw new Error('No principal on the request: the AccessGuard did not run (is configureApp called on this app?)');
  return request.principal;
}
