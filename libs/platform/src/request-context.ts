import { newId } from '@linchpin/eventsourcing';
import { Principal, principalOf, RequestWithPrincipal } from './access/principal';

/** Who made a request and which request it was: what its command's events record as actor and cause. */
export interface RequestContext {
  /** The authenticated principal's actor (`person:<id>`, `token:<id>`, `oidc:<sub>`, `admin`), a sender route's integration, or whom a signed link names. */
  actor: string;
  /** Free text the caller gave as "on behalf of" (a body's `by`): recorded as metadata.onBehalfOf, never as the actor. */
  onBehalfOf?: string;
  /** Every request gets its own id: the causation of the facts it leads to. */
  requestId: string;
  /** The `Idempotency-Key` header, when the client sent one. */
  idempotencyKey?: string;
  /** Who is asking, for a handler that must check more than the route's role (team scoping); absent on a sender or signed link route. */
  principal?: Principal;
}

/** The part of an HTTP request (Fastify's or Node's) that says who is asking: its headers, and the principal the AccessGuard set. */
export interface IncomingRequest extends RequestWithPrincipal {
  headers: Record<string, string | string[] | undefined>;
}

const header = (request: IncomingRequest, name: string): string | undefined => {
  const value = request.headers[name.toLowerCase()];
  const first = Array.isArray(value) ? value[0] : value;
  return first?.trim() ? first.trim() : undefined;
};

const withActor = (request: IncomingRequest, actor: string, onBehalfOf?: string, principal?: Principal): RequestContext => {
  const idempotencyKey = header(request, 'Idempotency-Key');
  return {
    actor,
    ...(onBehalfOf?.trim() ? { onBehalfOf: onBehalfOf.trim() } : {}),
    requestId: newId(),
    ...(idempotencyKey ? { idempotencyKey } : {}),
    ...(principal ? { principal } : {}),
  };
};

/**
 * The one reading of a request's actor: the authenticated principal the AccessGuard put on the
 * request, never a header or a body field. A body's `by` may be passed as `onBehalfOf`.
 */
export const requestContext = (request: IncomingRequest, onBehalfOf?: string): RequestContext => {
  const principal = principalOf(request);
  return withActor(request, principal.actor, onBehalfOf, principal);
};

/**
 * A public sender route's context: no token was asked for, so the actor is the integration its key
 * belongs to (`integration:<id>`), as the route established it.
 */
export const senderContext = (request: IncomingRequest, actor: string): RequestContext => withActor(request, actor);

/**
 * A signed link's route: no token was asked for; the link names who acts (`person:<personId>` for an
 * acknowledge link) and the route says how (`onBehalfOf`, e.g. `acknowledge link`).
 */
export const linkContext = (request: IncomingRequest, actor: string, onBehalfOf: string): RequestContext => withActor(request, actor, onBehalfOf);
