import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';

/**
 * A real Apache Kafka broker for integration tests (docs/architecture.md#tests-need-real-parts):
 * KAFKA_BROKERS when set; else a Docker engine through testcontainers; else scripts/kafka.sh,
 * which runs a single-node KRaft broker fetched from Maven Central.
 */
export interface KafkaBroker {
  brokers: string[];
  origin: 'env' | 'docker' | 'script';
  /** No-op for a shared broker (env, or the script's default one, which scripts/test.sh stops). */
  stop(): Promise<void>;
}

export interface PrivateKafka extends KafkaBroker {
  origin: 'script';
  /** Starts it again after stop(), keeping its data (topics, committed offsets). */
  start(): Promise<void>;
  restart(): Promise<void>;
  /** Stops it and deletes its state under .kafka/<instance>/. */
  destroy(): Promise<void>;
}

const KAFKA_IMAGE = process.env.KAFKA_IMAGE ?? 'apache/kafka:4.4.0';
const SCRIPT_TIMEOUT_MS = 5 * 60_000;

let shared: Promise<KafkaBroker> | undefined;

/** The broker for this test process; started once, shared by every test in it. */
export function startKafka(): Promise<KafkaBroker> {
  shared ??= resolveKafka().catch((error) => {
    shared = undefined;
    throw error;
  });
  return shared;
}

async function resolveKafka(): Promise<KafkaBroker> {
  const fromEnv = process.env.KAFKA_BROKERS?.trim();
  if (fromEnv) {
    return { brokers: fromEnv.split(',').map((b) => b.trim()).filter(Boolean), origin: 'env', stop: async () => undefined };
  }
  if (await dockerAnswers()) return startKafkaContainer();
  const brokers = await runKafkaScript('start', {});
  return { brokers, origin: 'script', stop: async () => undefined };
}

/**
 * A broker of the test's own, on other ports and in its own directory under .kafka/, for a test
 * that stops and restarts it. Starts from empty storage; stop() really stops it.
 */
export async function startPrivateKafka(instance: string, port: number, controllerPort: number): Promise<PrivateKafka> {
  const env = { KAFKA_INSTANCE: instance, KAFKA_PORT: String(port), KAFKA_CONTROLLER_PORT: String(controllerPort) };
  await runKafkaScript('stop', env);
  await runKafkaScript('wipe', env);
  const brokers = await runKafkaScript('start', env);
  const broker: PrivateKafka = {
    brokers,
    origin: 'script',
    stop: async () => void (await runKafkaScript('stop', env)),
    start: async () => void (await runKafkaScript('start', env)),
    restart: async () => {
      await broker.stop();
      await broker.start();
    },
    destroy: async () => {
      await broker.stop();
      await runKafkaScript('wipe', env);
    },
  };
  return broker;
}

/** True when this machine can run scripts/kafka.sh (a JDK and Maven on the PATH). */
export async function canRunKafkaScript(): Promise<boolean> {
  const has = (cmd: string) =>
    new Promise<boolean>((resolve) => execFile('sh', ['-c', `command -v ${cmd}`], (error) => resolve(!error)));
  return (await has('java')) && (await has('mvn'));
}

export function repoRoot(from: string = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'nx.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no nx.json above ${from}`);
  }
}

function runKafkaScript(command: 'start' | 'stop' | 'wipe', env: Record<string, string>): Promise<string[]> {
  const script = join(repoRoot(), 'scripts', 'kafka.sh');
  return new Promise((resolve, reject) => {
    execFile(
      'bash',
      [script, command],
      { env: { ...process.env, ...env }, timeout: SCRIPT_TIMEOUT_MS, maxBuffer: 10 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) {
          reject(new Error(`scripts/kafka.sh ${command} failed: ${error.message}\n${stderr}`));
          return;
        }
        const line = stdout.trim().split('\n').reverse().find((l) => l.startsWith('KAFKA_BROKERS='));
        resolve(line ? line.slice('KAFKA_BROKERS='.length).split(',') : []);
      },
    );
  });
}

async function dockerAnswers(): Promise<boolean> {
  const socket = process.env.DOCKER_HOST || existsSync('/var/run/docker.sock') || existsSync(join(process.env.HOME ?? '', '.docker/run/docker.sock'));
  if (!socket) return false;
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    await getContainerRuntimeClient();
    return true;
  } catch {
    return false;
  }
}

async function startKafkaContainer(): Promise<KafkaBroker> {
  const { GenericContainer, Wait } = await import('testcontainers');
  // The advertised port must be the one the host sees, so it is chosen before the container starts.
  const hostPort = await freePort();
  const container = await new GenericContainer(KAFKA_IMAGE)
    .withExposedPorts({ container: 9092, host: hostPort })
    .withEnvironment({
      KAFKA_NODE_ID: '1',
      KAFKA_PROCESS_ROLES: 'broker,controller',
      KAFKA_LISTENERS: 'PLAINTEXT://:9092,BROKER://:19092,CONTROLLER://:9093',
      KAFKA_ADVERTISED_LISTENERS: `PLAINTEXT://127.0.0.1:${hostPort},BROKER://localhost:19092`,
      KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: 'PLAINTEXT:PLAINTEXT,BROKER:PLAINTEXT,CONTROLLER:PLAINTEXT',
      KAFKA_INTER_BROKER_LISTENER_NAME: 'BROKER',
      KAFKA_CONTROLLER_LISTENER_NAMES: 'CONTROLLER',
      KAFKA_CONTROLLER_QUORUM_VOTERS: '1@localhost:9093',
      KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '1',
      KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: '1',
      KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: '1',
      KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR: '1',
      KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR: '1',
      KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0',
      KAFKA_AUTO_CREATE_TOPICS_ENABLE: 'false',
    })
    .withWaitStrategy(Wait.forLogMessage(/Kafka Server started/))
    .withStartupTimeout(120_000)
    .start();
  return {
    brokers: [`127.0.0.1:${hostPort}`],
    origin: 'docker',
    stop: async () => void (await container.stop()),
  };
}

/** A TCP port free on 127.0.0.1 right now (for a private broker). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
