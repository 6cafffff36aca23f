import { ROOT_CONTEXT, SpanKind, context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { EventEnvelope } from './event';
import { InMemoryEventStore } from './in-memory-event-store';
import { InProcessBus } from './in-process-bus';
import { MessageContext, PublishedEvent } from './message-bus.port';
import { contextOf, publishTraced, traceContextOf, withActiveTraceContext } from './trace-context';

const TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
const TRACESTATE = 'vendor=opaque';

const exporter = new InMemorySpanExporter();
const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });

beforeAll(() => {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  trace.setGlobalTracerProvider(provider);
});
afterAll(async () => {
  await provider.shutdown();
  trace.disable();
  context.disable();
});
beforeEach(() => exporter.reset());

const event = (metadata: Partial<EventEnvelope['metadata']> = {}): EventEnvelope => ({
  id: '00000000-0000-4000-8000-000000000001',
  type: 'Thing',
  schemaVersion: 1,
  data: {},
  metadata: { incidentId: 'inc-1', correlationId: 'inc-1', causationId: 'test', actor: 'test', occurredAt: '2026-01-01T00:00:00.000Z', ...metadata },
});

describe('trace context in event metadata', () => {
  it('reads a traceparent and tracestate from metadata and writes the same ones back', () => {
    const ctx = contextOf({ traceparent: TRACEPARENT, tracestate: TRACESTATE });
    expect(trace.getSpanContext(ctx)).toMatchObject({ traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', isRemote: true });
    expect(traceContextOf(ctx)).toEqual({ traceparent: TRACEPARENT, tracestate: TRACESTATE });
  });

  it('finds no context in metadata without a traceparent (an old event), or with a malformed one', () => {
    expect(contextOf(event().metadata)).toBe(ROOT_CONTEXT);
    expect(traceContextOf(contextOf({ traceparent: 'not-a-traceparent' }))).toEqual({});
  });

  it('stamps events decided inside a span with its context, and leaves them alone outside any', () => {
    const outside = [event()];
    expect(withActiveTraceContext(outside)).toBe(outside);

    const span = trace.getTracer('test').startSpan('command');
    const [stamped] = context.with(trace.setSpan(ROOT_CONTEXT, span), () => withActiveTraceContext([event()]));
    span.end();
    const { traceId, spanId } = span.spanContext();
    expect(stamped.metadata.traceparent).toBe(`00-${traceId}-${spanId}-01`);
    expect(stamped.metadata).not.toHaveProperty('tracestate');
  });

  it('keeps the trace context an event already names', () => {
    const span = trace.getTracer('test').startSpan('command');
    const [kept] = context.with(trace.setSpan(ROOT_CONTEXT, span), () => withActiveTraceContext([event({ traceparent: TRACEPARENT })]));
    span.end();
    expect(kept.metadata.traceparent).toBe(TRACEPARENT);
  });
});

describe('publishTraced', () => {
  async function publish(...events: EventEnvelope[]): Promise<Array<{ event: PublishedEvent; context: MessageContext }>> {
    const store = new InMemoryEventStore();
    await store.append('own-1', events, 'no_stream');
    const bus = new InProcessBus();
    const received: Array<{ event: PublishedEvent; context: MessageContext }> = [];
    await bus.subscribe({ group: 'g', topics: ['linchpin.test.events'], handler: async (e, c) => void received.push({ event: e, context: c }) });
    await publishTraced(bus, 'linchpin.test.events', (await store.readStream('own-1')).map((e) => ({ key: 'inc-1', event: e })));
    return received;
  }

  it('publishes a traced event in a PRODUCER span, child of its context, whose own context the message carries', async () => {
    const [{ event: received, context: message }] = await publish(event({ traceparent: TRACEPARENT }));
    const [span] = exporter.getFinishedSpans();
    expect(span).toMatchObject({ name: 'publish linchpin.test.events', kind: SpanKind.PRODUCER });
    expect(span.spanContext().traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(span.parentSpanContext?.spanId).toBe('00f067aa0ba902b7');
    expect(span.attributes).toMatchObject({ 'messaging.system': 'in-process', 'messaging.operation': 'publish', 'messaging.destination.name': 'linchpin.test.events' });
    expect(message.traceparent).toBe(`00-${span.spanContext().traceId}-${span.spanContext().spanId}-01`);
    // The event is the stored fact: its metadata keeps the context it was decided in.
    expect(received.metadata.traceparent).toBe(TRACEPARENT);
  });

  it('publishes an event without a trace context as before: no span, no context on the message', async () => {
    const [{ event: received, context: message }] = await publish(event());
    expect(exporter.getFinishedSpans()).toEqual([]);
    expect(message).toEqual({ topic: 'linchpin.test.events', key: 'inc-1', attempt: 1 });
    expect(received.metadata).not.toHaveProperty('traceparent');
  });
});
