import { KafkaBroker, RunningService, StartServiceOptions, startKafka, startService, tempDir } from '@linchpin/testing';
import { putJson } from './http';

/** The five services, each its own process in the distributed end-to-end tests. */
export const CONTEXTS = ['detection', 'triage', 'coordination', 'comms', 'review'] as const;
export type Context = (typeof CONTEXTS)[number];

export interface ClusterRun {
  brokers: string[];
  logDir: string;
  name: string;
  /** Every process starts with `LINCHPIN_TEST_CLOCK=1`, so the test moves time (`PUT /testing/clock`) instead of sleeping. */
  testClock?: boolean;
  extra?: Record<string, string>;
  /** The run's own topic prefix; by default `<name>-<now>.` */
  topicPrefix?: string;
}

/**
 * The environment of each service of one run over the real broker: its own SQLite file, a topic
 * prefix of the run's own (so a run never replays an earlier run's events), and loopback allowed
 * for the test's webhook receiver (the outbound guard refuses it otherwise). `extra` adds the test's own.
 */
export function clusterEnv(run: ClusterRun): (name: Context) => Record<string, string> {
  const topicPrefix = run.topicPrefix ?? `${run.name}-${Date.now()}.`;
  return (name) => ({
    KAFKA_BROKERS: run.brokers.join(','),
    KAFKA_TOPIC_PREFIX: topicPrefix,
    SQLITE_PATH: `${run.logDir}/${name}.db`,
    OUTBOUND_ALLOW_CIDRS: '127.0.0.0/8',
    ...(run.testClock ? { LINCHPIN_TEST_CLOCK: '1' } : {}),
    ...run.extra,
  });
}

/** The five processes of one test file, started once and shared by its tests. */
export interface Cluster {
  /** The broker and the run's topic prefix (`<prefix>linchpin.<context>.events`), for a test that reads a topic itself. */
  brokers: string[];
  topicPrefix: string;
  url(name: Context): string;
  /** Every service's base URL, by context. */
  urls(): Record<Context, string>;
  service(name: Context): RunningService;
  /** SIGKILL: no shutdown hook runs. */
  kill(name: Context): Promise<void>;
  /** SIGTERM (a graceful stop: its shutdown hooks run), SIGKILL only if it has not exited within 10 s. */
  terminate(name: Context): Promise<void>;
  /** Starts the service again on its port, with its data directory and environment, and waits until it is ready (or only live). */
  restart(name: Context, options?: StartServiceOptions): Promise<RunningService>;
  /**
   * Moves every running process's test clock to one instant (`PUT /testing/clock { now, frozen }`); `frozen: true` holds
   * each there until the next move, so every process stamps exactly that instant whatever the machine's load.
   */
  moveClocks(to: Date | string, options?: { frozen?: boolean }): Promise<void>;
  stop(): Promise<void>;
}

/** `kafka`: a broker of the test's own (one it stops and starts); the shared one by default. The cluster does not stop it. */
export async function startCluster(run: Omit<ClusterRun, 'brokers' | 'logDir'> & { kafka?: KafkaBroker }): Promise<Cluster> {
  const kafka = run.kafka ?? (await startKafka());
  const logDir = tempDir(`e2e-${run.name}`);
  const topicPrefix = run.topicPrefix ?? `${run.name}-${Date.now()}.`;
  const env = clusterEnv({ ...run, topicPrefix, brokers: kafka.brokers, logDir });
  const services = new Map<Context, RunningService>();
  const started = await Promise.allSettled(CONTEXTS.map(async (name) => services.set(name, await startService(name, env(name), logDir))));
  const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  const stop = async () => {
    await Promise.all([...services.values()].map((s) => s.stop()));
    if (!run.kafka) await kafka.stop();
  };
  if (failed) {
    await stop();
    throw failed.reason;
  }
  const service = (name: Context) => {
    const running = services.get(name);
    if (!running) throw new Error(`${name} is not running`);
    return running;
  };
  return {
    brokers: kafka.brokers,
    topicPrefix,
    url: (name) => service(name).url,
    urls: () => Object.fromEntries(CONTEXTS.map((name) => [name, service(name).url])) as Record<Context, string>,
    service,
    kill: async (name) => service(name).kill(),
    terminate: async (name) => service(name).stop(),
    restart: async (name, options) => {
      const restarted = await startService(name, env(name), logDir, service(name).port, options);
      services.set(name, restarted);
      return restarted;
    },
    moveClocks: async (to, options) => moveClocks([...services.values()].map((s) => s.url), to, options),
    stop,
  };
}

/** Moves the test clock of each service to `to` (frozen there when asked); every answer must be that instant. */
export async function moveClocks(baseUrls: readonly string[], to: Date | string, { frozen = false }: { frozen?: boolean } = {}): Promise<void> {
  const now = typeof to === 'string' ? to : to.toISOString();
  await Promise.all(
    baseUrls.map(async (base) => {
      const r = await putJson(`${base}/testing/clock`, frozen ? { now, frozen } : { now });
      if (r.status !== 200) throw new Error(`PUT ${base}/testing/clock answered ${r.status}: ${JSON.stringify(r.body)}`);
      // Frozen, the answer is exactly `now`; flowing, time keeps going from the new instant: `now` or a few ms later.
      const off = frozen ? Date.parse(r.body.now) !== Date.parse(now) || r.body.frozen !== true : Date.parse(r.body.now) < Date.parse(now);
      if (off) throw new Error(`${base} clock at ${r.body.now} (frozen: ${r.body.frozen}), asked ${now}${frozen ? ' frozen' : ''}`);
    }),
  );
}
