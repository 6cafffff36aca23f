import { CommandBus } from '@nestjs/cqrs';
import { ConcurrencyError, InMemoryEventStore, ManualClock } from '@linchpin/eventsourcing';
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

    // Two handlers, each with its own lock and cache: two processes on one store.
    const [a, b] = [new EvaluateLogLinesHandler(store, clock, bus), new EvaluateLogLinesHandler(store, clock, bus)];
    await Promise.all([
      a.execute(new EvaluateLogLinesCommand(integration, [line('OOMKilled api-7')], 'integration:x', 'request-a')),
      b.execute(new EvaluateLogLinesCommand(integration, [line('OOMKilled api-8')], 'integration:x', 'request-b')),
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
});
