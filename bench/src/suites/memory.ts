import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { settle } from '../ingestion/cpu';
import { sendAlerts } from '../ingestion/load';
import { IngestTarget, startLinchpin } from '../ingestion/targets';
import { rssMiB } from '../memory/rss';
import { BenchContext, BenchSuite, Figure } from '../report';
import { median } from '../stats';

const SUITE = 'memory';
const IDLE_SECONDS = 5;
const SERVICES = ['detection', 'triage', 'coordination', 'comms', 'review'] as const;

/** The floor: a Node process that only listens. Every service pays at least this. */
async function startFloor(): Promise<{ pid: number; stop(): Promise<void> }> {
  const child: ChildProcess = spawn(process.execPath, ['-e', "require('http').createServer().listen(0, '127.0.0.1')"], {
    stdio: 'ignore',
  });
  const exited = once(child, 'exit');
  return {
    pid: child.pid!,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Idle RSS: a few samples a second apart once the process has been up IDLE_SECONDS; the median. */
async function idleSamples(pids: number[], count: number): Promise<number[][]> {
  const samples: number[][] = pids.map(() => []);
  for (let i = 0; i < count; i++) {
    if (i > 0) await sleep(1000);
    pids.forEach((pid, p) => samples[p].push(rssMiB(pid)));
  }
  return samples;
}

/**
 * Resident memory of each service as its own process over Kafka (idle, and detection under
 * the ingestion load at 10 senders), and of the standalone process, against a bare listening
 * Node process measured in the same run.
 */
export const memorySuite: BenchSuite = {
  name: SUITE,
  async run(ctx: BenchContext): Promise<Figure[]> {
    const sampleCount = ctx.quick ? 1 : 3;
    const loadRuns = ctx.quick ? 1 : 3;
    const loadSeconds = ctx.quick ? 2 : 5;
    const prefix = `bench-memory-${Date.now()}-`;
    const stops: Array<() => Promise<void>> = [];
    const figures: Figure[] = [];
    const figure = (name: string, samples: number[], floor: number | undefined, note?: string): Figure => {
      const value = median(samples);
      return {
        suite: SUITE,
        name,
        value,
        unit: 'MiB',
        samples,
        ...(floor !== undefined ? { baseline: floor, ratio: value / floor } : {}),
        ...(note ? { note } : {}),
      };
    };

    try {
      const floorProcess = await startFloor();
      stops.push(floorProcess.stop);
      const services: IngestTarget[] = [];
      for (const name of SERVICES) {
        const service = await startLinchpin(
          name,
          { SQLITE_PATH: join(ctx.workDir, `${name}.db`), KAFKA_BROKERS: ctx.kafkaBrokers.join(','), KAFKA_TOPIC_PREFIX: prefix },
          ctx.workDir,
        );
        stops.push(service.stop);
        services.push(service);
      }
      // The floor started first, so it has idled at least as long as any service.
      await sleep(IDLE_SECONDS * 1000);
      const [floorSamples, ...serviceSamples] = await idleSamples([floorProcess.pid, ...services.map((s) => s.pid)], sampleCount);
      const floor = median(floorSamples);
      figures.push(figure('floor: bare Node process that only listens, idle', floorSamples, undefined));
      SERVICES.forEach((name, i) =>
        figures.push(figure(`${name} (own process, Kafka), idle`, serviceSamples[i], floor, `after start + ${IDLE_SECONDS} s`)),
      );

      // Detection under load: the highest RSS seen during a run of new alerts at 10 senders.
      const detection = services[0];
      const peaks: number[] = [];
      for (let r = 0; r < loadRuns; r++) {
        let peak = rssMiB(detection.pid);
        const sampler = setInterval(() => (peak = Math.max(peak, rssMiB(detection.pid))), 100);
        try {
          const result = await sendAlerts(detection.url, 'new', 10, loadSeconds);
          ctx.log(`detection under load: ${Math.round(result.alertsPerSecond)} alerts/s, peak RSS ${peak.toFixed(1)} MiB`);
        } finally {
          clearInterval(sampler);
        }
        peaks.push(peak);
        await settle([detection.pid]);
      }
      figures.push(
        figure('detection (own process, Kafka), under load: new alerts, 10 senders, max', peaks, floor, `${loadSeconds} s runs, sampled every 100 ms`),
      );

      const standalone = await startLinchpin('standalone', { SQLITE_PATH: join(ctx.workDir, 'standalone.db') }, ctx.workDir);
      stops.push(standalone.stop);
      await sleep(IDLE_SECONDS * 1000);
      const [standaloneSamples] = await idleSamples([standalone.pid], sampleCount);
      figures.push(figure('standalone (all five services, one process), idle', standaloneSamples, floor, `after start + ${IDLE_SECONDS} s`));
    } finally {
      await Promise.all(stops.map((stop) => stop()));
    }
    return figures;
  },
};
