import { join } from 'node:path';
import { settle } from '../ingestion/cpu';
import { AlertKind, LoadResult, sendAlerts } from '../ingestion/load';
import { IngestTarget, startBareServer, startLinchpin, Synchronous } from '../ingestion/targets';
import { BenchContext, BenchSuite, Figure } from '../report';
import { median } from '../stats';

const SUITE = 'ingestion';
const TARGET_RATE = 10_000;
const TARGET_RATIO = 0.5;

interface Measured {
  rate: number[];
  p50: number[];
  p99: number[];
}

const key = (setup: string, kind: AlertKind, connections: number) => `${setup}|${kind}|${connections}`;

/**
 * Alerts accepted per second (202 = durably appended) and latency, against a bare Node + SQLite
 * server that does the least the same durability allows. One process at a time: each setup is
 * started, measured at every kind and concurrency, and stopped, so the work its reactors and
 * relay still owe after a run does not land on another setup's figures. Between two runs of
 * the same setup it gets a moment (capped) to drain.
 */
export const ingestionSuite: BenchSuite = {
  name: SUITE,
  async run(ctx: BenchContext): Promise<Figure[]> {
    const concurrencies = ctx.quick ? [10] : [1, 10, 100];
    const repeats = ctx.quick ? 1 : 3;
    const seconds = ctx.quick ? 2 : 5;
    const warmUpSeconds = 1;
    const kinds: AlertKind[] = ['new', 'duplicate'];
    const prefix = `bench-ingest-${Date.now()}-`;

    const started: IngestTarget[] = [];
    const start = async (make: () => Promise<IngestTarget>) => {
      const target = await make();
      started.push(target);
      return target;
    };
    const results = new Map<string, Measured>();
    const failures = new Map<string, number>();

    const measure = async (
      label: string,
      target: IngestTarget,
      kind: AlertKind,
      connections: number,
      runs: number,
      settleAfter: (target: IngestTarget) => Promise<number>,
    ) => {
      const measured = results.get(key(label, kind, connections)) ?? { rate: [], p50: [], p99: [] };
      results.set(key(label, kind, connections), measured);
      for (let i = 0; i < runs; i++) {
        const result: LoadResult = await sendAlerts(target.url, kind, connections, seconds);
        if (result.failures > 0) failures.set(key(label, kind, connections), (failures.get(key(label, kind, connections)) ?? 0) + result.failures);
        measured.rate.push(result.alertsPerSecond);
        measured.p50.push(result.p50Ms);
        measured.p99.push(result.p99Ms);
        const drained = await settleAfter(target);
        ctx.log(
          `${label} ${kind} ×${connections}: ${Math.round(result.alertsPerSecond)} alerts/s, p50 ${result.p50Ms.toFixed(2)} ms, ` +
            `p99 ${result.p99Ms.toFixed(2)} ms (settled in ${drained.toFixed(1)} s)`,
        );
      }
    };

    const settleCap = ctx.quick ? 1 : 2;
    const settleAfter = (target: IngestTarget) => settle([target.pid], settleCap, 0.1);
    try {
      const runSetup = async (label: string, make: () => Promise<IngestTarget>, kindsHere: AlertKind[], connectionsHere: number[], runs: number) => {
        const target = await start(make);
        try {
          for (const kind of kindsHere) {
            for (const connections of connectionsHere) {
              // Warm-up: JIT, SQLite page cache, Kafka producer; not measured.
              await sendAlerts(target.url, kind, connections, warmUpSeconds);
              await settleAfter(target);
              await measure(label, target, kind, connections, runs, settleAfter);
            }
          }
        } finally {
          // Stopping drops whatever reactors or relays still owe, so it is not billed to the next setup.
          await target.stop();
        }
      };
      const sqlite = (file: string, synchronous: Synchronous) => ({ SQLITE_PATH: join(ctx.workDir, file), SQLITE_SYNCHRONOUS: synchronous });

      await runSetup('baseline', () => startBareServer(ctx.workDir, 'FULL', 'bare-full'), kinds, concurrencies, repeats);
      await runSetup('standalone', () => startLinchpin('standalone', sqlite('standalone.db', 'FULL'), ctx.workDir), kinds, concurrencies, repeats);
      await runSetup(
        'distributed',
        () =>
          startLinchpin(
            'detection',
            { ...sqlite('detection.db', 'FULL'), KAFKA_BROKERS: ctx.kafkaBrokers.join(','), KAFKA_TOPIC_PREFIX: prefix },
            ctx.workDir,
          ),
        kinds,
        concurrencies,
        repeats,
      );
      // What FULL costs: the same at NORMAL, once, at 10 senders.
      await runSetup('baseline-normal', () => startBareServer(ctx.workDir, 'NORMAL', 'bare-normal'), kinds, [10], 1);
      await runSetup('standalone-normal', () => startLinchpin('standalone', sqlite('standalone-normal.db', 'NORMAL'), ctx.workDir), kinds, [10], 1);
    } finally {
      await Promise.all(started.map((t) => t.stop()));
    }

    return toFigures(results, concurrencies, kinds, failures);
  },
};

function toFigures(results: Map<string, Measured>, concurrencies: number[], kinds: AlertKind[], failures: Map<string, number>): Figure[] {
  const figures: Figure[] = [];
  const sync = (setup: string) => (setup.endsWith('-normal') ? 'NORMAL' : 'FULL');
  const title = (setup: string) => setup.replace('-normal', '');

  const push = (setup: string, baselineSetup: string | undefined, kind: AlertKind, connections: number) => {
    const measured = results.get(key(setup, kind, connections));
    if (!measured) return;
    const base = baselineSetup ? results.get(key(baselineSetup, kind, connections)) : undefined;
    const name = `${title(setup)} (${sync(setup)}), ${kind} alerts, ${connections} sender${connections === 1 ? '' : 's'}`;
    const failed = failures.get(key(setup, kind, connections));
    const failureNote = failed ? `${failed} requests failed (non-2xx or timed out) over all repeats` : undefined;
    const rate = median(measured.rate);
    const baseRate = base && median(base.rate);
    const isTarget = setup === 'standalone' || setup === 'distributed';
    figures.push({
      suite: SUITE,
      name: `${name}: throughput`,
      value: rate,
      unit: 'alerts/s',
      samples: measured.rate,
      ...(baseRate !== undefined ? { baseline: baseRate, ratio: rate / baseRate } : {}),
      ...(isTarget
        ? {
            target: `≥ ${TARGET_RATE.toLocaleString('en-US')} alerts/s and ≥ ${TARGET_RATIO}× baseline`,
            met: rate >= TARGET_RATE && baseRate !== undefined && rate / baseRate >= TARGET_RATIO,
          }
        : {}),
      ...(failureNote ? { note: failureNote } : {}),
    });
    // A run that got no answer in time (autocannon's 10 s timeout) has no latency: leave it out of the median, and say so.
    const finite = (values: number[]) => values.filter(Number.isFinite);
    for (const [p, allValues, baseAll] of [
      ['p50', measured.p50, base?.p50],
      ['p99', measured.p99, base?.p99],
    ] as const) {
      const values = finite(allValues);
      const baseValues = baseAll && finite(baseAll);
      const value = median(values);
      const baseValue = baseValues && median(baseValues);
      const dropped = allValues.length - values.length;
      figures.push({
        suite: SUITE,
        name: `${name}: ${p} latency`,
        value,
        unit: 'ms',
        samples: allValues,
        ...(baseValue !== undefined ? { baseline: baseValue, ratio: value / baseValue } : {}),
        ...(dropped > 0 ? { note: `${dropped} of ${allValues.length} runs had no accepted alert; median of the rest` } : {}),
      });
    }
  };

  for (const kind of kinds) {
    for (const connections of concurrencies) {
      push('baseline', undefined, kind, connections);
      push('standalone', 'baseline', kind, connections);
      push('distributed', 'baseline', kind, connections);
    }
  }
  // NORMAL rows compare with the FULL baseline, so the ratio shows what FULL costs the baseline itself.
  for (const kind of kinds) {
    push('baseline-normal', 'baseline', kind, 10);
    push('standalone-normal', 'baseline-normal', kind, 10);
  }
  return figures;
}
