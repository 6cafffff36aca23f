import { INestApplication } from '@nestjs/common';
import { ROOT_CONTEXT, Span, SpanKind, SpanStatusCode, context, propagation, trace } from '@opentelemetry/api';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { IncomingMessage } from 'http';
import { LINCHPIN_TRACER } from './spans';

/** Each request's server span, by its raw request, from the hook that starts it to the one that ends it. */
const spans = new WeakMap<IncomingMessage, Span>();

/**
 * A SERVER span per request, from a Fastify hook rather than @opentelemetry/instrumentation-http (which must patch
 * `http` before Nest loads, and so depends on load order): a client's `traceparent` header makes it a child of the
 * caller's span. The rest of the request (guards, the handler, its command and the events it appends) runs in its
 * context. Named by the route pattern (`POST /detection/alerts`), never the raw URL, which may hold a sender's key.
 * Without a registered SDK the span is a no-op. Add before every other hook (configureApp does), so it spans them.
 */
export function traceHttpRequests(app: INestApplication): void {
  const adapter = app.getHttpAdapter();
  if (!adapter || adapter.getType() !== 'fastify') return;
  const fastify = adapter.getInstance() as FastifyInstance;
  const tracer = trace.getTracer(LINCHPIN_TRACER);
  fastify.addHook('onRequest', (request: FastifyRequest, _reply: FastifyReply, done: () => void) => {
    const parent = propagation.extract(ROOT_CONTEXT, request.headers);
    const route = request.routeOptions.url;
    const span = tracer.startSpan(
      route ? `${request.method} ${route}` : request.method,
      {
        kind: SpanKind.SERVER,
        attributes: { 'http.request.method': request.method, ...(route ? { 'http.route': route } : {}), 'url.scheme': request.protocol },
      },
      parent,
    );
    spans.set(request.raw, span);
    context.with(trace.setSpan(parent, span), done);
  });
  fastify.addHook('onResponse', (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
    const span = spans.get(request.raw);
    if (span) {
      span.setAttribute('http.response.status_code', reply.statusCode);
      if (reply.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    }
    done();
  });
}
