import { join } from 'node:path';
import { costSince, markCost } from '../ingestion/cost';
import { settle } from '../ingestion/cpu';
import { AlertKind, LoadResult, sendAlerts } from '../ingestion/load';
import { describePerAlert, PerAlert, perAlert } from '../ingestion/per-alert';
import { NO_STORE_COUNTERS } from '../ingestion/store-counters';
import { IngestTarget, startBareServer, startLinchpin, Synchronous } from '../ingestion/targets';
import { BenchContext, BenchSuite, Figure } from '../report';
import { median } from '../stats';

const SUITE = 'ingestion';
/** Issue 17: new alerts and repeats at 10 and 100 senders, ≥ 0.5× the bare baseline. */
const TARGET_RATIO = 0.5;
const TARGET_CONNECTIONS = [10, 100];
/** Issue 17: a repeat grows the store by at most a tenth of what a new alert does. */
const TARGET_GROWTH_RATIO = 0.1;
/** The setups whose cost is counted (FULL, as in production); the NORMAL ones only show what FULL costs in throughput. */
const COSTED = ['baseline', 'standalone', 'distributed'] as const;

interface Measured {
  rate: number[];
  p50: number[];
  p99: number[];
  cost: PerAlert[];
}

const key = (setup: string, kind: AlertKind, connections: number) => `${setup}|${kind}|${connections}`;
const per = (kind: AlertKind) => (kind === 'new' ? 'per new alert' : 'per repeat');

/**
 * Alerts accepted per second (202 = durably appended) and latency, against a bare Node + SQLite
 * server that does the least the same durability allows; and what each accepted alert cost the
 * store. One process at a time: each setup is started, measured at every kind and concurrency,
 * and stopped. Around every measured run the store is marked (GET /metrics counters, the file's
 * last position and size), and after it the bench waits until the store stops moving, so what a
 * run caused downstream (standalone's reactors) is counted with it and not billed to the next.
 */
export const ingestionSuite: BenchSuite = {
  name: SUITE,
  async run(ctx: BenchContext): Promise<Figure[]> {
    const concurrencies = ctx.quick ? [10] : [1, 10, 100];
    const repeats = ctx.quick ? 1 : 3;
    const seconds = ctx.quick ? 2 : 5;
    const warmUpSeconds = 1;
    const drainCap = ctx.quick ? 60 : 120;
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
    const undrained = new Map<string, number>();
    const drainTimes = new Map<string, number[]>();
    const failedSetups = new Map<string, string>();
    const count = (map: Map<string, number>, k: string, n: number) => map.set(k, (map.get(k) ?? 0) + n);

    // After the store stopped moving, let the process's CPU calm down too (a relay to Kafka writes nothing).
    const settleAfter = (target: IngestTarget) => settle([target.pid], ctx.quick ? 1 : 2, 0.1);

    const measure = async (label: string, target: IngestTarget, kind: AlertKind, connections: number, runs: number) => {
      const k = key(label, kind, connections);
      const measured = results.get(k) ?? { rate: [], p50: [], p99: [], cost: [] };
      results.set(k, measured);
      for (let i = 0; i < runs; i++) {
        const mark = await markCost(target);
        const result: LoadResult = await sendAlerts(target.url, kind, connections, seconds);
        const cost = await costSince(target, mark, drainCap);
        await settleAfter(target);
        if (result.failures > 0) count(failures, k, result.failures);
        if (!cost.drained) count(undrained, k, 1);
        drainTimes.set(k, [...(drainTimes.get(k) ?? []), cost.drainSeconds]);
        measured.rate.push(result.alertsPerSecond);
        measured.p50.push(result.p50Ms);
        measured.p99.push(result.p99Ms);
        const spent = perAlert(cost, result.taken);
        if (spent) measured.cost.push(spent);
        ctx.log(
          `${label} ${kind} ×${connections}: ${Math.round(result.alertsPerSecond)} alerts/s, p50 ${result.p50Ms.toFixed(2)} ms, ` +
            `p99 ${result.p99Ms.toFixed(2)} ms; ${spent ? describePerAlert(spent) : 'none accepted'} ` +
            `(drained in ${cost.drainSeconds.toFixed(1)} s${cost.drained ? '' : ', NOT drained'})`,
        );
      }
    };

    try {
      // A setup that fails (a start that times out on a loaded machine) is reported, and the others still run.
      const runSetup = async (label: string, make: () => Promise<IngestTarget>, kindsHere: AlertKind[], connectionsHere: number[], runs: number) => {
        try {
          const target = await start(make);
          try {
            for (const kind of kindsHere) {
              for (const connections of connectionsHere) {
                // Warm-up: JIT, SQLite page cache, Kafka producer; not measured, but drained before the mark.
                const warmUp = await markCost(target);
                await sendAlerts(target.url, kind, connections, warmUpSeconds);
                await costSince(target, warmUp, drainCap);
                await settleAfter(target);
                await measure(label, target, kind, connections, runs);
              }
            }
          } finally {
            await target.stop();
          }
        } catch (error) {
          const message = (error as Error).message.split('\n')[0];
          ctx.log(`${label} FAILED: ${(error as Error).stack ?? message}`);
          failedSetups.set(label, message);
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

    const failed: Figure[] = [...failedSetups].map(([label, message]) => ({
      suite: SUITE,
      name: `${title(label)} (${sync(label)}): failed`,
      value: NaN,
      unit: '',
      ...(label === 'standalone' || label === 'distributed' ? { target: 'runs', met: false } : {}),
      note: message,
    }));
    return [
      ...failed,
      ...throughputFigures(results, concurrencies, kinds, failures, drainTimes),
      ...costFigures(results, concurrencies, kinds, undrained),
    ];
  },
};

const sync = (setup: string) => (setup.endsWith('-normal') ? 'NORMAL' : 'FULL');
const title = (setup: string) => setup.replace('-normal', '');

function throughputFigures(
  results: Map<string, Measured>,
  concurrencies: number[],
  kinds: AlertKind[],
  failures: Map<string, number>,
  drainTimes: Map<string, number[]>,
): Figure[] {
  const figures: Figure[] = [];
  const push = (setup: string, baselineSetup: string | undefined, kind: AlertKind, connections: number) => {
    const measured = results.get(key(setup, kind, connections));
    if (!measured) return;
    const base = baselineSetup ? results.get(key(baselineSetup, kind, connections)) : undefined;
    const name = `${title(setup)} (${sync(setup)}), ${kind === 'new' ? 'new alerts' : 'repeats'}, ${connections} sender${connections === 1 ? '' : 's'}`;
    const failed = failures.get(key(setup, kind, connections));
    // How long the store kept writing after the run: the work a burst leaves behind (standalone's reactors).
    const drain = median(drainTimes.get(key(setup, kind, connections)) ?? []);
    const notes = [
      ...(failed ? [`${failed} requests failed (non-2xx or timed out) over all repeats`] : []),
      ...(Number.isFinite(drain) ? [`store still writing for ${drain.toFixed(1)} s after a run (median; 1 s of quiet included)`] : []),
    ];
    const rate = median(measured.rate);
    const baseRate = base && median(base.rate);
    const isTarget = (setup === 'standalone' || setup === 'distributed') && TARGET_CONNECTIONS.includes(connections);
    figures.push({
      suite: SUITE,
      name: `${name}: throughput`,
      value: rate,
      unit: 'alerts/s',
      samples: measured.rate,
      ...(baseRate !== undefined ? { baseline: baseRate, ratio: rate / baseRate } : {}),
      ...(isTarget ? { target: `≥ ${TARGET_RATIO}× baseline`, met: baseRate !== undefined && rate / baseRate >= TARGET_RATIO } : {}),
      ...(notes.length > 0 ? { note: notes.join('; ') } : {}),
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

/**
 * Per new alert and per repeat, for each FULL setup. Appends, events, bytes written and store growth
 * do not depend on how many send at once: each is the median over every run of the setup and kind
 * (all sender counts). Commits do (concurrent appends share one), so they are given per sender count.
 */
function costFigures(results: Map<string, Measured>, concurrencies: number[], kinds: AlertKind[], undrained: Map<string, number>): Figure[] {
  const figures: Figure[] = [];
  const runsOf = (setup: string, kind: AlertKind, connectionsHere = concurrencies) =>
    connectionsHere.flatMap((c) => results.get(key(setup, kind, c))?.cost ?? []);
  const undrainedOf = (setup: string, kind: AlertKind, connectionsHere = concurrencies) =>
    connectionsHere.reduce((sum, c) => sum + (undrained.get(key(setup, kind, c)) ?? 0), 0);

  const notesFor = (setup: string, kind: AlertKind, runs: PerAlert[], needsCounters: boolean, connectionsHere?: number[]): string[] => {
    const notes: string[] = [];
    if (runs.some((r) => !r.fromCounters)) notes.push(needsCounters ? NO_STORE_COUNTERS : `${NO_STORE_COUNTERS}: counted from the stored rows`);
    if (setup === 'distributed') notes.push("detection's own store only (the other services are not started)");
    if (setup === 'standalone') notes.push('all five contexts in one store, downstream work included');
    if (kind === 'duplicate') notes.push("each run's first alert is new");
    const missed = undrainedOf(setup, kind, connectionsHere);
    if (missed > 0) notes.push(`${missed} run(s) still writing at the drain cap: what they still owed is missing`);
    return notes;
  };

  const measures: { name: string; unit: string; of: (p: PerAlert) => number; note?: string; needsCounters?: boolean }[] = [
    { name: 'appends', unit: 'appends', of: (p) => p.appends, needsCounters: true },
    { name: 'events written', unit: 'events', of: (p) => p.events },
    { name: 'bytes written (data + metadata JSON)', unit: 'B', of: (p) => p.bytesWritten },
    {
      name: 'store growth',
      unit: 'B',
      of: (p) => p.storeGrowth,
      note: 'page_count × page_size growth (rows, indexes, page slack)',
    },
  ];

  for (const kind of kinds) {
    for (const setup of COSTED) {
      const runs = runsOf(setup, kind);
      if (runs.length === 0) continue;
      const baseRuns = setup === 'baseline' ? [] : runsOf('baseline', kind);
      for (const measure of measures) {
        const samples = runs.map(measure.of);
        const value = median(samples);
        const base = baseRuns.length > 0 ? median(baseRuns.map(measure.of)) : undefined;
        const notes = notesFor(setup, kind, runs, measure.needsCounters === true);
        if (measure.note) notes.push(measure.note);
        figures.push({
          suite: SUITE,
          name: `${setup} (FULL), ${per(kind)}: ${measure.name}`,
          value,
          unit: measure.unit,
          samples,
          ...(base !== undefined && Number.isFinite(base) ? { baseline: base, ratio: value / base } : {}),
          note: notes.join('; '),
        });
      }
      for (const connections of concurrencies) {
        const here = runsOf(setup, kind, [connections]);
        if (here.length === 0) continue;
        const samples = here.map((p) => p.commits);
        const value = median(samples);
        const baseHere = setup === 'baseline' ? [] : runsOf('baseline', kind, [connections]);
        const base = baseHere.length > 0 ? median(baseHere.map((p) => p.commits)) : undefined;
        const notes = notesFor(setup, kind, here, true, [connections]);
        notes.push('each one fsync of the WAL at synchronous=FULL');
        figures.push({
          suite: SUITE,
          name: `${setup} (FULL), ${per(kind)}, ${connections} sender${connections === 1 ? '' : 's'}: commits`,
          value,
          unit: 'commits',
          samples,
          ...(base !== undefined && Number.isFinite(base) ? { baseline: base, ratio: value / base } : {}),
          note: notes.join('; '),
        });
      }
    }
  }

  // The repeat's share of a new alert's growth, per setup (the bare baseline stores every repeat in full: ~1×).
  for (const setup of COSTED) {
    const news = runsOf(setup, 'new');
    const repeats = runsOf(setup, 'duplicate');
    if (news.length === 0 || repeats.length === 0) continue;
    const growth = (runs: PerAlert[]) => median(runs.map((p) => p.storeGrowth));
    const written = (runs: PerAlert[]) => median(runs.map((p) => p.bytesWritten));
    const ratio = growth(repeats) / growth(news);
    const isTarget = setup !== 'baseline';
    figures.push({
      suite: SUITE,
      name: `${setup} (FULL): store growth per repeat / per new alert`,
      value: ratio,
      unit: '×',
      ...(isTarget ? { target: `≤ ${TARGET_GROWTH_RATIO.toFixed(2)}`, met: ratio <= TARGET_GROWTH_RATIO } : {}),
      note:
        `${Math.round(growth(repeats))} B / ${Math.round(growth(news))} B of database growth; ` +
        `bytes written: ${(written(repeats) / written(news)).toFixed(3)}×` +
        (setup === 'distributed' ? "; detection's store only" : ''),
    });
  }
  return figures;
}
