import { newId } from '@linchpin/eventsourcing';

export const ACTOR_HEADER = 'X-Actor';

/** Who made a request and which request it was: what its command's events record as actor and cause. */
export interface RequestContext {
  actor: string;
  /** Every request gets its own id: the causation of the facts it leads to. */
  requestId: string;
  /** The `Idempotency-Key` header, when the client sent one. */
  idempotencyKey?: string;
}

/** The part of an HTTP request (Fastify's or Node's) that says who is asking. */
export interface IncomingRequest {
  headers: Record<string, string | string[] | undefined>;
}

const header = (request: IncomingRequest, name: string): string | undefined => {
  const value = request.headers[name.toLowerCase()];
  const first = Array.isArray(value) ? value[0] : value;
  return first?.trim() ? first.trim() : undefined;
};

/**
 * The one reading of a request's actor: the route's own (a body's `by`, or the integration a
 * sender's key belongs to) when it has one, else the `X-Actor` header, else the route's fallback
 * (a user report's reporter), else `api`.
 */
export const requestContext = (request: IncomingRequest, actor?: string, fallback?: string): RequestContext => {
  const idempotencyKey = header(request, 'Idempotency-Key');
  return {
    actor: actor?.trim() || header(request, ACTOR_HEADER) || fallback?.trim() || 'api',
    requestId: newId(),
    ...(idempotencyKey ? { idempotencyKey } : {}),
  };
};
