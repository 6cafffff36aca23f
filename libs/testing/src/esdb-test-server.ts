import { spawnSync } from 'node:child_process';
import { GenericContainer, StartedTestContainer, Wait } from 'testcontainers';

/** Where EventStoreDB tests get a server: EVENTSTORE_URL, else a container, else nowhere (and why). */
export type EsdbTarget = { kind: 'url'; url: string } | { kind: 'docker' } | { kind: 'none'; reason: string };

export const ESDB_SKIP_REASON = 'EventStoreDB contract skipped: EVENTSTORE_URL not set and no Docker engine reachable';

/** Image for the container; ESDB_IMAGE overrides (e.g. `eventstore/eventstore:24.10`). */
export const ESDB_IMAGE = process.env.ESDB_IMAGE ?? 'docker.eventstore.com/kurrent-latest/kurrentdb:latest';

/**
 * Decided synchronously, because jest must know at collection time whether to describe or
 * skip. A child process asks testcontainers whether a container runtime answers.
 */
export function esdbTarget(): EsdbTarget {
  const url = process.env.EVENTSTORE_URL;
  if (url) return { kind: 'url', url };
  const probe = `require(${JSON.stringify(require.resolve('testcontainers'))}).getContainerRuntimeClient()
    .then(() => process.exit(0), () => process.exit(1))`;
  const result = spawnSync(process.execPath, ['-e', probe], { stdio: 'ignore', timeout: 30_000 });
  return result.status === 0 ? { kind: 'docker' } : { kind: 'none', reason: ESDB_SKIP_REASON };
}

export interface RunningEsdb {
  connectionString: string;
  stop(): Promise<void>;
}

/** A throwaway single node, insecure, in memory. */
export async function startEsdbContainer(image = ESDB_IMAGE): Promise<RunningEsdb> {
  const settings = { INSECURE: 'true', MEM_DB: 'true', RUN_PROJECTIONS: 'None', ENABLE_ATOM_PUB_OVER_HTTP: 'true' };
  const environment = Object.fromEntries(
    Object.entries(settings).flatMap(([key, value]) => [
      [`EVENTSTORE_${key}`, value],
      [`KURRENTDB_${key}`, value],
    ]),
  );
  const container: StartedTestContainer = await new GenericContainer(image)
    .withEnvironment(environment)
    .withExposedPorts(2113)
    .withWaitStrategy(Wait.forHttp('/health/live', 2113).forStatusCodeMatching((status) => status >= 200 && status < 300))
    .withStartupTimeout(120_000)
    .start();
  return {
    connectionString: `esdb://${container.getHost()}:${container.getMappedPort(2113)}?tls=false`,
    stop: async () => {
      await container.stop();
    },
  };
}

/** The server for a test run: EVENTSTORE_URL as is, or a container started now. */
export async function esdbForTests(target: EsdbTarget): Promise<RunningEsdb> {
  if (target.kind === 'url') return { connectionString: target.url, stop: async () => undefined };
  if (target.kind === 'docker') return startEsdbContainer();
  throw new Error(target.reason);
}
