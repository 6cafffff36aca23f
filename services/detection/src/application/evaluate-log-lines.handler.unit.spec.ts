import { CommandBus } from '@nestjs/cqrs';
import { ConcurrencyError, EventStore, InMemoryEventStore, ManualClock } from '@linchpin/eventsourcing';
import { senderContext } from '@linchpin/platform';
import { LogLine } from '../domain/log-line';
import { logRulesStream } from '../domain/streams';
import { IntegrationView } from './config-projections';
import { EvaluateLogLinesCommand, EvaluateLogLinesHandler } from './evaluate-log-lines.handler';
import { IngestSignalsCommand } from './ingest-signals.command';

const INTEGRATION_ID = '00000000-0000-4000-8000-000000000010';
const integration = {
  status: 'active',
  integrationId: INTEGRATION_ID,
  name: 'Vector',
  kind: 'logs',
  service: 'payments',
  settings: {
    flapping: { maxChanges: 4, windowSeconds: 600 },
    rateLimitPerMinute: 600,
    logRules: [{ id: 'oom', name: 'Out of memory', pattern: 'OOMKilled', threshold: 2, windowSeconds: 60, severity: 'critical' }],
  },
} as unknown as IntegrationView;
const line = (message: string): LogLine => ({ message, level: 'error', fields: {} });
const asSender = (requestId: string) => ({ ...senderContext({ headers: {} }, 'integration:x'), requestId });

/** Records the signals the handler ingests instead of running the alert path (the int spec runs it whole). */
const ingested: IngestSignalsCommand[] = [];
const bus = { execute: async (command: IngestSignalsCommand) => (ingested.push(command), []) } as unknown as CommandBus;

describe('EvaluateLogLinesHandler', () => {
  it('two processes posting one integration’s batches at once: both count (the loser of the append re-decides)', async () => {
    const clock = new ManualClock('2026-02-02T08:00:00.000Z');
    const store = new InMemoryEventStore(() => clock.now());
    // Both processes read the rules' stream before either appends: one append must conflict.
    let reads = 0;
    let bothRead: () => void = () => undefined;
    const barrier = new Promise<void>((resolve) => (bothRead = resolve));
    const readStream = store.readStream.bind(store);
    store.readStream = async (stream, from) => {
      const events = await readStream(stream, from);
      if (stream === logRulesStream(INTEGRATION_ID) && ++reads === 2) bothRead();
      if (reads <= 2) await barrier;
      return events;
    };
    const append = store.append.bind(store);
    const conflicts: unknown[] = [];
    store.append = async (...args) => append(...args).catch((error) => (conflicts.push(error), Promise.reject(error)));

    // Two processes on one store: the kernel keeps turns and cached states per store object, so the second
    // process gets its own handle on the same store (a proxy), as a second process has its own connection.
    const [a, b] = [new EvaluateLogLinesHandler(store, clock, bus), new EvaluateLogLinesHandler(new Proxy(store, {}), clock, bus)];
    await Promise.all([
      a.execute(new EvaluateLogLinesCommand({ integration, lines: [line('OOMKilled api-7')], request: asSender('request-a') })),
      b.execute(new EvaluateLogLinesCommand({ integration, lines: [line('OOMKilled api-8')], request: asSender('request-b') })),
    ]);

    expect(conflicts).toEqual([expect.any(ConcurrencyError)]);
    const recorded = await readStream(logRulesStream(INTEGRATION_ID));
    expect(recorded).toHaveLength(2);
    expect((recorded[1].data as { rules: Record<string, { recentMatches: string[]; firing: boolean }> }).rules.oom).toMatchObject({
      recentMatches: ['2026-02-02T08:00:00.000Z', '2026-02-02T08:00:00.000Z'],
      firing: true,
    });
    // The threshold was reached by the two batches together: the re-decided one raised it.
    expect(ingested.flatMap((command) => command.signals.map((signal) => signal.status))).toEqual(['firing']);
  });

  it('ingests the signals a batch raises before it records the rules’ new state', async () => {
    const clock = new ManualClock('2026-02-02T09:00:00.000Z');
    const store: EventStore = new InMemoryEventStore(() => clock.now());
    const recordedWhenIngested: number[] = [];
    const watching = {
      execute: async (_command: IngestSignalsCommand) => (recordedWhenIngested.push((await store.readStream(logRulesStream(INTEGRATION_ID))).length), []),
    } as unknown as CommandBus;
    const handler = new EvaluateLogLinesHandler(store, clock, watching);

    await handler.execute(new EvaluateLogLinesCommand({ integration, lines: [line('OOMKilled api-7'), line('OOMKilled api-8')], request: asSender('request-c') }));

    // The threshold (2) is reached in this batch: the alert is raised while the stream still holds nothing, then the state is recorded.
    expect(recordedWhenIngested).toEqual([0]);
    expect(await store.readStream(logRulesStream(INTEGRATION_ID))).toHaveLength(1);
  });
});
