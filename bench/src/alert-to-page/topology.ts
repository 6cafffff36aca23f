import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { RunningService, startService } from '@linchpin/testing';
import { BENCH_RATE_LIMITS } from '../rate-limits';

/** Where the suite sends alerts and creates teams; in the standalone process both are the same URL. */
export interface Topology {
  label: string;
  detectionUrl: string;
  coordinationUrl: string;
  /** The processes' SQLite files, read after stop for the hop times. */
  storePaths: string[];
  stop(): Promise<void>;
}

const CONTEXTS = ['detection', 'triage', 'coordination', 'comms', 'review'] as const;

/** The suite's page receiver listens on loopback, which the outbound guard refuses unless allowed. */
const RECEIVER_RANGE = '127.0.0.0/8';

/**
 * The five services as five processes over the real broker, each on its own SQLite file. `env`
 * adds settings (e.g. KAFKA_FETCH_MAX_WAIT_MS) under a label of its own.
 */
export async function startDistributed(
  kafkaBrokers: string[],
  workDir: string,
  signingSecret: string,
  variant: { label: string; env: Record<string, string> } = { label: 'distributed', env: {} },
): Promise<Topology> {
  const dir = join(workDir, variant.label.replace(/[^A-Za-z0-9-]+/g, '-'));
  mkdirSync(dir, { recursive: true });
  // A prefix per run: this run's services never replay an earlier run's events from the shared broker.
  const topicPrefix = `bench-a2p-${Date.now()}.`;
  const started = await Promise.allSettled(
    CONTEXTS.map((name) =>
      startService(
        name,
        {
          KAFKA_BROKERS: kafkaBrokers.join(','),
          KAFKA_TOPIC_PREFIX: topicPrefix,
          SQLITE_PATH: join(dir, `${name}.db`),
          COMMS_SIGNING_SECRET: signingSecret,
          EVENTSTORE_URL: '',
          POSTGRES_URL: '',
          OUTBOUND_ALLOW_CIDRS: RECEIVER_RANGE,
          ...BENCH_RATE_LIMITS,
          ...variant.env,
        },
        dir,
      ),
    ),
  );
  const services: RunningService[] = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const stop = async () => {
    await Promise.allSettled(services.map((s) => s.stop()));
  };
  const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) {
    await stop();
    throw failed.reason;
  }
  const url = (name: string) => services.find((s) => s.name === name)!.url;
  return {
    label: variant.label,
    detectionUrl: url('detection'),
    coordinationUrl: url('coordination'),
    storePaths: CONTEXTS.map((name) => join(dir, `${name}.db`)),
    stop,
  };
}

/** The standalone process: every context in one process, one SQLite file, the in-process bus. */
export async function startStandalone(workDir: string, signingSecret: string): Promise<Topology> {
  const dir = join(workDir, 'standalone');
  mkdirSync(dir, { recursive: true });
  // Empty means unset: the bench's own KAFKA_BROKERS must not turn the baseline into a Kafka client.
  const service = await startService('standalone', {
      SQLITE_PATH: join(dir, 'linchpin.db'),
      COMMS_SIGNING_SECRET: signingSecret,
      KAFKA_BROKERS: '',
      EVENTSTORE_URL: '',
      POSTGRES_URL: '',
      OUTBOUND_ALLOW_CIDRS: RECEIVER_RANGE,
      ...BENCH_RATE_LIMITS,
    }, dir);
  return {
    label: 'standalone',
    detectionUrl: service.url,
    coordinationUrl: service.url,
    storePaths: [join(dir, 'linchpin.db')],
    stop: () => service.stop(),
  };
}
