import cors from '@fastify/cors';
import { HttpException, HttpStatus, INestApplication } from '@nestjs/common';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import helmet from 'helmet';
import { addMethodNotAllowed, addRequestChecks } from './framework-errors';
import { HttpSettings } from './http-settings';
import { DOCS_PATH } from './openapi';
import { isProbePath, registerRateLimits } from './rate-limits';
import { REQUEST_ID_HEADER } from './request-id';

/** An API answer loads nothing and is never framed. */
const API_HELMET = {
  contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
  frameguard: { action: 'deny' as const },
};

/**
 * Swagger UI at /docs is the one HTML page: its own scripts, styles (it inlines some) and data: images, and
 * `fetch` of /openapi.json; nothing from elsewhere.
 */
const DOCS_HELMET = {
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:'],
      fontSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
  },
};

const isDocsRoute = (url: string | undefined): boolean => url !== undefined && (url === `/${DOCS_PATH}` || url.startsWith(`/${DOCS_PATH}/`));

/**
 * Helmet's middleware for each page kind, made once: the Fastify plugin (@fastify/helmet) builds it
 * again for every request, a twentieth of a repeat alert's CPU. It sets the headers on the raw
 * response, which Fastify sends with its own.
 */
function addSecurityHeaders(fastify: FastifyInstance): void {
  const api = helmet(API_HELMET);
  const docs = helmet(DOCS_HELMET);
  fastify.addHook('onRequest', (request, reply, next) =>
    (isDocsRoute(request.routeOptions.url) ? docs : api)(request.raw, reply.raw, (error) => next(error as Error | undefined)),
  );
}

/** Headers a browser client may send and read across origins. */
const CORS_ALLOWED_HEADERS = ['Authorization', 'Content-Type', 'Idempotency-Key', 'X-Request-Id'];
const CORS_EXPOSED_HEADERS = ['X-Request-Id', 'Retry-After', 'RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset', 'Location', 'Idempotent-Replayed', 'Allow'];

/** `name` or `name:port` of an ALLOWED_HOSTS entry matches the Host header: an entry without a port matches any port. */
export function hostAllowed(host: string | undefined, allowedHosts: readonly string[]): boolean {
  if (!host) return false;
  const given = host.toLowerCase();
  const name = given.startsWith('[') ? given.slice(0, given.indexOf(']') + 1) : given.split(':')[0];
  return allowedHosts.some((entry) => entry === given || entry === name);
}

function refuseOtherHosts(fastify: FastifyInstance, allowedHosts: readonly string[]): void {
  if (allowedHosts.length === 0) return;
  fastify.addHook('onRequest', async (request: FastifyRequest) => {
    // Probes and scrapes address the pod by its IP.
    if (isProbePath(request.url.split('?')[0])) return;
    if (hostAllowed(request.headers.host, allowedHosts)) return;
    const shown = (request.headers.host ?? '').slice(0, 100);
    throw new HttpException(`This server does not answer for host '${shown}' (ALLOWED_HOSTS)`, HttpStatus.MISDIRECTED);
  });
}

/**
 * The HTTP front door of every process (docs/architecture.md#http-conventions), in the order a request meets it:
 * its id echoed; security headers (helmet); a too long URL or one without Host refused; a Host not in ALLOWED_HOSTS
 * refused (421); CORS for CORS_ORIGINS only; an unknown path (404) or method (405 with `Allow`); rate limits (429).
 * Call once, before `init`/`listen` (configureApp does).
 */
export function applyHttpHardening(app: INestApplication, settings: HttpSettings): void {
  const fastify = app.getHttpAdapter().getInstance() as FastifyInstance;
  fastify.addHook('onSend', async (request: FastifyRequest, reply: FastifyReply) => {
    reply.header(REQUEST_ID_HEADER, request.id);
  });
  addSecurityHeaders(fastify);
  addRequestChecks(fastify);
  refuseOtherHosts(fastify, settings.allowedHosts);
  if (settings.corsOrigins.length > 0) {
    fastify.register(cors, {
      origin: settings.corsOrigins,
      methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
      allowedHeaders: CORS_ALLOWED_HEADERS,
      exposedHeaders: CORS_EXPOSED_HEADERS,
      // Bearer tokens, not cookies: nothing ambient to send.
      credentials: false,
      maxAge: 600,
    });
  }
  addMethodNotAllowed(fastify);
  registerRateLimits(fastify, settings);
}
