import { Span, SpanContext, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace';
import { Clock, EventStore, newId, scheduleTimer, traceContextOf } from '@linchpin/eventsourcing';
import { SqliteEventStore } from '@linchpin/eventstore-sqlite';
import { DurableTimers } from '../durable-timers';
import { registerTracing } from './start-tracing';

const exporter = new InMemorySpanExporter();
registerTracing('linchpin-timer-test', [new SimpleSpanProcessor({ exporter })]);

const clock: Clock = { now: () => new Date('2026-01-01T12:00:00.000Z') };

/** What each firing saw: the active span and the trace context its appends would carry. */
class Chores extends DurableTimers {
  readonly fired: { span?: Span; traceparent?: string }[] = [];
  constructor(store: EventStore) {
    super(store, clock, ['chore-'], 'system:test');
  }
  protected async fire(): Promise<void> {
    this.fired.push({ span: trace.getActiveSpan(), traceparent: traceContextOf().traceparent });
  }
}

describe('a durable timer firing', () => {
  let store: SqliteEventStore;
  let chores: Chores;
  beforeEach(() => {
    exporter.reset();
    store = new SqliteEventStore({ path: ':memory:' });
    chores = new Chores(store);
  });
  afterEach(() => store.close());

  const schedule = (traceparent?: string) =>
    store.append(
      `chore-${newId()}`,
      [scheduleTimer({ timerId: newId(), dueAt: '2026-01-01T11:00:00.000Z', purpose: 'chore' }, { correlationId: 'c', causationId: 'c', actor: 'test', occurredAt: '2026-01-01T10:00:00.000Z', ...(traceparent ? { traceparent } : {}) })],
      'no_stream',
    );

  it('is the root of a trace of its own, linked to the span that scheduled it, and what it appends carries that trace', async () => {
    const scheduling: SpanContext = { traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), traceFlags: 1 };
    await schedule(`00-${scheduling.traceId}-${scheduling.spanId}-01`);
    await chores.driver.tick();

    expect(chores.fired).toHaveLength(1);
    const [span] = exporter.getFinishedSpans().filter((s) => s.name === 'timer chore');
    expect(span.parentSpanContext).toBeUndefined();
    expect(span.spanContext().traceId).not.toBe(scheduling.traceId);
    expect(span.links.map((l) => l.context)).toEqual([expect.objectContaining({ traceId: scheduling.traceId, spanId: scheduling.spanId })]);
    expect(span.attributes).toMatchObject({ 'linchpin.timer.purpose': 'chore' });
    expect(chores.fired[0].traceparent).toBe(`00-${span.spanContext().traceId}-${span.spanContext().spanId}-01`);
  });

  it('is traced without a link when nothing traced scheduled it (tracing was off then)', async () => {
    await schedule();
    await chores.driver.tick();

    const [span] = exporter.getFinishedSpans().filter((s) => s.name === 'timer chore');
    expect(span.links).toEqual([]);
    expect(chores.fired[0].traceparent).toContain(span.spanContext().traceId);
  });
});
