import { Context, ROOT_CONTEXT, Span, SpanKind, SpanStatusCode, context, defaultTextMapGetter, defaultTextMapSetter, trace } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { EventEnvelope } from './event';
import { MessageBus, OutgoingMessage } from './message-bus.port';

/**
 * W3C trace context (`traceparent`, and `tracestate` when a vendor set one), as an event's metadata, a bus
 * message and a Kafka record's headers carry it: how one trace follows an alert across the store and the bus
 * (docs/architecture.md#traces). Through the OpenTelemetry API only: without a registered SDK every call here
 * finds no span and does nothing, so a process that does not trace pays a lookup per append.
 */
export interface TraceContext {
  traceparent?: string;
  tracestate?: string;
}

/** Tracer of the kernel's spans (the relay's publishes). */
export const KERNEL_TRACER = '@linchpin/eventsourcing';

// The W3C propagator itself, not the global one: what is recorded must not depend on which propagators a deployment registered.
const w3c = new W3CTraceContextPropagator();

/** The span context a carrier holds (an event's metadata, a message), as the parent of what is done about it; `base` when it holds none. */
export function contextOf(carrier: TraceContext | undefined, base: Context = ROOT_CONTEXT): Context {
  if (!carrier?.traceparent) return base;
  return w3c.extract(base, carrier, defaultTextMapGetter);
}

/** The trace context of the span active in `ctx` (the current one by default); empty without a valid span. */
export function traceContextOf(ctx: Context = context.active()): TraceContext {
  const carrier: TraceContext = {};
  w3c.inject(ctx, carrier, defaultTextMapSetter);
  return carrier;
}

/**
 * Events decided inside an active span carry its trace context in their metadata, so whoever reacts to them
 * later, in this process or another, continues the same trace. An event that already names one keeps it.
 * The domain never sees this: it is stamped between deciding and appending (command-execution.ts).
 */
export function withActiveTraceContext<E extends EventEnvelope>(events: E[]): E[] {
  const active = traceContextOf();
  if (!active.traceparent) return events;
  return events.map((event) => (event.metadata.traceparent ? event : { ...event, metadata: { ...event.metadata, ...active } }));
}

/** OpenTelemetry's messaging attributes (semantic conventions) of a bus message. */
export const messagingAttributes = (system: string, operation: 'publish' | 'process', destination: string, messageId: string) => ({
  'messaging.system': system,
  'messaging.operation': operation,
  'messaging.operation.type': operation === 'publish' ? 'send' : 'process',
  'messaging.destination.name': destination,
  'messaging.message.id': messageId,
});

/** What a bus says it is (`kafka`), for the attributes; `in-process` for the embedded bus and any bus that does not say. */
export const messagingSystemOf = (bus: MessageBus): string => bus.system ?? 'in-process';

/**
 * Publishes messages as the relay does, each in a PRODUCER span `publish <topic>` whose parent is its
 * event's trace context, the message carrying the span's own context (Kafka: the `traceparent` header) so
 * the consumer's span is its child. An event without a trace context is published as before, without a span.
 * The spans end when the bus accepted the batch (the in-process bus: when its consumers handled it).
 */
export async function publishTraced(bus: MessageBus, topic: string, messages: OutgoingMessage[]): Promise<void> {
  const tracer = trace.getTracer(KERNEL_TRACER);
  const system = messagingSystemOf(bus);
  const spans: Span[] = [];
  const traced = messages.map((message) => {
    if (!message.event.metadata.traceparent) return message;
    const span = tracer.startSpan(
      `publish ${topic}`,
      { kind: SpanKind.PRODUCER, attributes: { ...messagingAttributes(system, 'publish', topic, message.event.id), 'messaging.kafka.message.key': message.key } },
      contextOf(message.event.metadata),
    );
    spans.push(span);
    return { ...message, ...traceContextOf(trace.setSpan(ROOT_CONTEXT, span)) };
  });
  try {
    await bus.publish(topic, traced);
  } catch (error) {
    for (const span of spans) span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
    throw error;
  } finally {
    for (const span of spans) span.end();
  }
}
