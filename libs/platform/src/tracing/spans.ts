import { Context, Link, ROOT_CONTEXT, Span, SpanOptions, SpanStatusCode, context, isSpanContextValid, propagation, trace } from '@opentelemetry/api';
import { TraceContext, contextOf } from '@linchpin/eventsourcing';

/** Tracer of the platform's spans (HTTP server, consumers) and the services' own (comms' deliveries). */
export const LINCHPIN_TRACER = '@linchpin/platform';

/**
 * Runs `work` in a span that continues the trace a carrier (an event's metadata, a message) holds; `work` alone
 * when it holds none, so untraced facts (recorded before tracing was on) make no orphan traces.
 * The span ends when `work` settles; a failure is recorded on it.
 */
export async function inSpanOf<T>(carrier: TraceContext | undefined, name: string, options: SpanOptions, work: (span?: Span) => Promise<T>): Promise<T> {
  if (!carrier?.traceparent) return work();
  const parent: Context = contextOf(carrier, ROOT_CONTEXT);
  return runIn(trace.getTracer(LINCHPIN_TRACER).startSpan(name, options, parent), parent, work);
}

/**
 * Runs `work` as the root span of a trace of its own, linked to the span a carrier names (when it names one): what a
 * deadline causes minutes or hours later (an escalation's page) is traced, without stretching the trace that scheduled it.
 */
export async function inNewTrace<T>(carrier: TraceContext | undefined, name: string, options: SpanOptions, work: () => Promise<T>): Promise<T> {
  const linked = trace.getSpanContext(contextOf(carrier, ROOT_CONTEXT));
  const links: Link[] = linked && isSpanContextValid(linked) ? [{ context: linked }] : [];
  return runIn(trace.getTracer(LINCHPIN_TRACER).startSpan(name, { ...options, root: true, links }, ROOT_CONTEXT), ROOT_CONTEXT, work);
}

/** `work` in `span` (a child of `parent`), which ends when it settles and records its failure. */
async function runIn<T>(span: Span, parent: Context, work: (span: Span) => Promise<T>): Promise<T> {
  try {
    return await context.with(trace.setSpan(parent, span), () => work(span));
  } catch (error) {
    span.recordException(error instanceof Error ? error : String(error));
    span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
    throw error;
  } finally {
    span.end();
  }
}

/** The current span's trace context as outbound HTTP headers (`traceparent`, `tracestate`), so a receiver can join the trace. */
export function traceHeaders(): Record<string, string> {
  const headers: Record<string, string> = {};
  propagation.inject(context.active(), headers);
  return headers;
}
