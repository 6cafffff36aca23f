import { HttpException, HttpStatus } from '@nestjs/common';
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import FindMyWay from 'find-my-way';
import { STATUS_CODES } from 'http';
import type { Socket } from 'net';
import { PROBLEM_CONTENT_TYPE, ProblemDetails, ProblemTypes } from './problem-details';
import { REQUEST_ID_HEADER } from './request-id';

/**
 * The answers Fastify (and Node's HTTP parser) give before any Nest code runs, made problem+json like every
 * other error (docs/architecture.md#http-conventions): a bad or too long URL, a path parameter over the
 * router's limit, a malformed request line or too large headers, a too long URL, a request without `Host`, a method
 * the path does not take (405 with `Allow`).
 */

/** Longer request targets are refused (414) before routing; browsers and proxies stop around 8 KiB too. */
export const MAX_URL_LENGTH = 8192;
/** Fastify's `maxParamLength`: one path parameter (an id, a service name, a key) longer than this is a 414. */
export const MAX_PATH_PARAM_LENGTH = 100;

/** The CSP of an API answer: nothing may load, nothing may frame it. Also set on the answers given before hooks run. */
export const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'";

const pathOf = (url: string): string => url.split('?')[0];

function problemOf(status: number, detail: string, instance: string, requestId?: string): ProblemDetails {
  return { type: ProblemTypes.http, title: STATUS_CODES[status] ?? 'Error', status, detail, instance, ...(requestId ? { requestId } : {}) };
}

/** Fastify's `frameworkErrors`: a URL the router could not decode, a parameter over MAX_PATH_PARAM_LENGTH. No hook has run. */
export function answerFrameworkError(error: Error & { code?: string }, request: FastifyRequest, reply: FastifyReply): void {
  const status = error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? HttpStatus.URI_TOO_LONG : HttpStatus.BAD_REQUEST;
  const detail =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? `A path segment is longer than ${MAX_PATH_PARAM_LENGTH} characters, the longest an identifier, a name or a key may be`
      : error.code === 'FST_ERR_BAD_URL'
        ? 'The URL is not validly percent-encoded'
        : 'The request could not be routed';
  reply
    .status(status)
    .header('content-type', PROBLEM_CONTENT_TYPE)
    .header(REQUEST_ID_HEADER, request.id)
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', API_CONTENT_SECURITY_POLICY)
    // The path of an undecodable URL is not echoed: it is what could not be read.
    .send(JSON.stringify(problemOf(status, detail, error.code === 'FST_ERR_BAD_URL' ? '/' : pathOf(request.url), request.id)));
}

/** Fastify's `clientErrorHandler`: Node could not parse the request (bad request line, headers over 16 KiB, timeout). */
export function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, detail] =
    error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? [408, 'The request was not received in time']
      : error.code === 'HPE_HEADER_OVERFLOW'
        ? [431, 'The request line and headers exceed 16 KiB']
        : [400, 'The request is not valid HTTP/1.1'];
  const body = JSON.stringify(problemOf(status, detail, '/'));
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `X-Content-Type-Options: nosniff\r\nContent-Security-Policy: ${API_CONTENT_SECURITY_POLICY}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}

/** Refused before routing: a request target over MAX_URL_LENGTH (414), an HTTP/1.1 request without Host (400). */
export function addRequestChecks(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', async (request: FastifyRequest) => {
    if (request.url.length > MAX_URL_LENGTH) {
      throw new HttpException(`The request target is ${request.url.length} characters long; at most ${MAX_URL_LENGTH} are served`, HttpStatus.URI_TOO_LONG);
    }
    if (!request.headers.host && request.raw.httpVersionMajor === 1 && request.raw.httpVersionMinor >= 1) {
      throw new HttpException('An HTTP/1.1 request needs a Host header', HttpStatus.BAD_REQUEST);
    }
  });
}

/**
 * A path no route has is a 404, and a path that routes take with other methods a 405 naming them in `Allow`, both
 * answered before the body is read (Fastify's not-found route would parse, and refuse, a body first). Call before
 * any route is added: it records each route's methods. The errors leave through Nest's error handler, so through
 * ProblemDetailsFilter (and a sender's own format on its paths).
 */
export function addMethodNotAllowed(fastify: FastifyInstance): void {
  const routes = FindMyWay({ maxParamLength: Number.MAX_SAFE_INTEGER });
  const methods = new Set<string>();
  fastify.addHook('onRoute', (route: RouteOptions) => {
    for (const method of [route.method].flat()) {
      if (routes.hasRoute(method as FindMyWay.HTTPMethod, route.url)) continue;
      routes.on(method as FindMyWay.HTTPMethod, route.url, () => undefined);
      methods.add(method);
    }
  });
  fastify.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    if (!request.is404) return;
    const path = pathOf(request.url);
    const allow = [...methods].filter((method) => routes.find(method as FindMyWay.HTTPMethod, path) !== null).sort();
    if (allow.length === 0) throw new HttpException(`No route ${path}`, HttpStatus.NOT_FOUND);
    reply.header('allow', allow.join(', '));
    throw new HttpException(`${path} takes ${allow.join(', ')}, not ${request.method}`, HttpStatus.METHOD_NOT_ALLOWED);
  });
}
