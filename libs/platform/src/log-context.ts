import { AsyncLocalStorage } from 'node:async_hooks';
import { isSpanContextValid, trace } from '@opentelemetry/api';
import type { IncomingMessage } from 'http';

/**
 * What a log line says about the work it was written in, besides its message: the incident and correlation of
 * the event a consumer handles or the delivery comms sends. HTTP lines carry their request id through pino-http.
 */
export interface LogContext {
  incidentId?: string;
  correlationId?: string;
  /** The event being handled and its type. */
  eventId?: string;
  eventType?: string;
  /** The consumer group handling it. */
  consumerGroup?: string;
  deliveryId?: string;
}

const current = new AsyncLocalStorage<LogContext>();

/** Runs `work` with these ids on every log line it (and what it awaits) writes. */
export function withLogContext<T>(ids: LogContext, work: () => T): T {
  const defined = Object.fromEntries(Object.entries(ids).filter(([, value]) => value !== undefined)) as LogContext;
  return current.run(defined, work);
}

/**
 * pino's `mixin`: a line written while a consumer or a delivery runs carries its ids; any line written inside a span
 * (a request's, a consumer's, a delivery's) carries its trace and span ids when tracing is on.
 */
export function logContextMixin(): Record<string, unknown> {
  const ids = current.getStore() ?? {};
  const span = trace.getActiveSpan()?.spanContext();
  return span && isSpanContextValid(span) ? { ...ids, traceId: span.traceId, spanId: span.spanId } : { ...ids };
}

/**
 * pino-http's `customProps`: every line of a request says its id (the client's sane X-Request-Id, else a new one).
 * Only that: pino-http calls this at the request's start and again for the access line, and binds both answers
 * when they differ, which writes a key twice; the trace ids come from the mixin, from the active span.
 */
export function requestLogProps(request: IncomingMessage & { id?: unknown }): Record<string, unknown> {
  return typeof request.id === 'string' ? { requestId: request.id } : {};
}
