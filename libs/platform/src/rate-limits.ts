import { HttpException, HttpStatus } from '@nestjs/common';
import rateLimit from '@fastify/rate-limit';
import { createHash } from 'crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { HttpSettings } from './http-settings';

/** Probes and scrapes come every few seconds from the platform; they are never limited. */
export const isProbePath = (path: string): boolean => path.startsWith('/health/') || path === '/metrics';

/** PagerDuty's Events API v2 and Change Events carry the integration key in the body's `routing_key`. */
export const ROUTING_KEY_PATHS: ReadonlySet<string> = new Set(['/v2/enqueue', '/v2/change/enqueue', '/detection/v2/enqueue', '/detection/v2/change/enqueue']);
/** Sender routes name their integration key's path parameter `key` (`/detection/integrations/<kind>/:key`). */
export const INTEGRATION_KEY_PARAM = 'key';

const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex');
const pathOf = (url: string): string => url.split('?')[0];

function bearerOf(request: FastifyRequest): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
  return match?.[1];
}

/** The integration key a sender route carries (path parameter or PagerDuty's `routing_key`), if any. */
function integrationKeyOf(request: FastifyRequest): string | undefined {
  const fromPath = (request.params as Record<string, unknown> | undefined)?.[INTEGRATION_KEY_PARAM];
  if (typeof fromPath === 'string' && request.routeOptions.url?.includes(`/:${INTEGRATION_KEY_PARAM}`)) return fromPath;
  if (!ROUTING_KEY_PATHS.has(pathOf(request.url))) return undefined;
  const fromBody = (request.body as Record<string, unknown> | undefined)?.routing_key;
  return typeof fromBody === 'string' && fromBody !== '' ? fromBody : undefined;
}

/**
 * Whom a request is counted against: its integration key on a sender path, else its bearer token, else its client
 * address. Keys and tokens only as their SHA-256: the limiter's memory never holds a credential.
 */
export function rateLimitKeyOf(request: FastifyRequest): string {
  const integrationKey = integrationKeyOf(request);
  if (integrationKey !== undefined) return `key:${sha256(integrationKey)}`;
  const token = bearerOf(request);
  if (token !== undefined) return `token:${sha256(token)}`;
  return `ip:${request.ip}`;
}

/**
 * `@fastify/rate-limit` on every route but the probes: RATE_LIMIT_PER_KEY_PER_MINUTE per integration key,
 * RATE_LIMIT_PER_MINUTE per token or client address, in fixed one-minute windows per process. Run as a preHandler,
 * after the body is parsed, because PagerDuty's key is in the body. Over the limit: 429 problem+json (a sender's own
 * format on its paths) with `Retry-After`; every answer carries `RateLimit-Limit`, `-Remaining` and `-Reset`.
 */
export function registerRateLimits(fastify: FastifyInstance, settings: HttpSettings): void {
  fastify.register(rateLimit, {
    hook: 'preHandler',
    timeWindow: 60_000,
    keyGenerator: rateLimitKeyOf,
    max: (_request: FastifyRequest, key: string) => (key.startsWith('key:') ? settings.rateLimitPerKeyPerMinute : settings.rateLimitPerMinute),
    allowList: (request: FastifyRequest) => isProbePath(pathOf(request.url)),
    enableDraftSpec: true,
    // Room for many clients; the least recently seen are forgotten first (their window starts again).
    cache: 50_000,
    errorResponseBuilder: (_request, context) =>
      new HttpException(`More than ${context.max} requests a minute; retry in ${context.after}`, HttpStatus.TOO_MANY_REQUESTS),
  });
}
