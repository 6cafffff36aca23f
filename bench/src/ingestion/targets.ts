import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { startService } from '@linchpin/testing';
import { BENCH_RATE_LIMITS } from '../rate-limits';

/** A process that takes alerts over HTTP. */
export interface IngestTarget {
  url: string;
  pid: number;
  /** Its SQLite store, to measure what the store gained. */
  storePath: string;
  stop(): Promise<void>;
}

export type Synchronous = 'FULL' | 'NORMAL';

/** startService does not expose the pid: find the process that runs a dist/main.js with that PORT. */
function pidListeningOn(port: number): number {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const environ = readFileSync(`/proc/${entry}/environ`, 'utf8').split('\0');
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (cmdline.includes('dist/main.js') && environ.includes(`PORT=${port}`) && entry !== String(process.pid)) return Number(entry);
    } catch {
      // Gone, or not ours to read.
    }
  }
  throw new Error(`no service process found on port ${port}`);
}

export async function startLinchpin(
  name: 'standalone' | 'detection' | 'triage' | 'coordination' | 'comms' | 'review',
  env: Record<string, string> & { SQLITE_PATH: string },
  workDir: string,
): Promise<IngestTarget> {
  // The child inherits the bench's environment: a KAFKA_BROKERS set there must not put standalone on Kafka
  // (empty counts as unset); the setups that use Kafka pass their brokers in `env`.
  const service = await startService(name, { LOG_LEVEL: 'warn', ...BENCH_RATE_LIMITS, KAFKA_BROKERS: '', ...env }, workDir);
  const pid = pidListeningOn(service.port);
  return { url: service.url, pid, storePath: env.SQLITE_PATH, stop: () => service.stop() };
}

/** Starts bench/dist/ingestion/bare-ingest-server.js as its own process. */
export async function startBareServer(workDir: string, synchronous: Synchronous, file: string): Promise<IngestTarget> {
  const log = createWriteStream(join(workDir, `bare-${file}.log`), { flags: 'a' });
  const storePath = join(workDir, `${file}.db`);
  const child: ChildProcess = spawn(process.execPath, [join(__dirname, 'bare-ingest-server.js')], {
    cwd: workDir,
    env: { ...process.env, PORT: '0', SQLITE_PATH: storePath, SQLITE_SYNCHRONOUS: synchronous },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stderr?.pipe(log);
  const exited = once(child, 'exit');
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening (\d+)/.exec(out);
      if (match) resolve(Number(match[1]));
    });
    child.once('exit', (code) => reject(new Error(`bare ingest server exited with ${code}; see ${workDir}`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    storePath,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
