import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TEST_ADMIN_TOKEN } from './access';
import { freePort, repoRoot } from './kafka-broker';

export const tempDir = (prefix: string): string => mkdtempSync(join(tmpdir(), `linchpin-${prefix}-`));

export interface RunningService {
  name: string;
  url: string;
  port: number;
  logFile: string;
  stop(): Promise<void>;
  /** SIGKILL: the process dies mid-flow, with no shutdown hook. */
  kill(): Promise<void>;
}

export interface StartServiceOptions {
  /**
   * What to wait for: `ready` (default) until `/health/ready` answers 200 (store reachable, consumer
   * groups joined and caught up); `live` only until `/health/live` answers 200 (HTTP served).
   */
  until?: 'ready' | 'live';
}

/**
 * Starts a built service (`services/<name>/dist/main.js`) as its own process and waits until it is
 * ready (or only live). It runs with LINCHPIN_ADMIN_TOKEN = TEST_ADMIN_TOKEN unless `env` sets it, so
 * the test's clients send `bearer()` and no start writes an admin.token file into the log folder.
 * POSTGRES_URL and POSTGRES_SCHEMA are not inherited from the test run (scripts/test.sh exports
 * POSTGRES_URL for the PostgreSQL tests): a service runs on PostgreSQL only when `env` says so, so
 * two tests' services never share a schema by accident.
 */
export async function startService(
  name: string,
  env: Record<string, string>,
  logDir: string,
  port?: number,
  options: StartServiceOptions = {},
): Promise<RunningService> {
  // A port freePort handed out may be taken by another test's process before this one binds it (the
  // projects' tests run side by side): then this process cannot listen, and it starts again on another.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(name, env, logDir, port ?? (await freePort()), options);
    } catch (error) {
      if (port !== undefined || attempt >= 3 || !(error instanceof PortTakenError)) throw error;
    }
  }
}

class PortTakenError extends Error {}

/** A descriptor may close between listing and reading it: then it is no socket of ours. */
const linkOf = (path: string): string => {
  try {
    return readlinkSync(path);
  } catch {
    return '';
  }
};

/**
 * On Linux, whether process `pid` holds the socket listening on `port`: a health answer on the port
 * may come from another process that took it. Undefined where /proc does not tell (not Linux).
 */
export function listensOn(pid: number, port: number): boolean | undefined {
  try {
    const hexPort = `:${port.toString(16).toUpperCase().padStart(4, '0')}`;
    const listening = new Set<string>();
    for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
      for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
        const columns = line.trim().split(/\s+/);
        // local_address, state 0A (LISTEN), inode
        if (columns.length > 9 && columns[1].endsWith(hexPort) && columns[3] === '0A') listening.add(columns[9]);
      }
    }
    return readdirSync(`/proc/${pid}/fd`).some((fd) => {
      const socket = /^socket:\[(\d+)\]$/.exec(linkOf(`/proc/${pid}/fd/${fd}`));
      return socket !== null && listening.has(socket[1]);
    });
  } catch {
    return undefined;
  }
}

async function startOnce(name: string, env: Record<string, string>, logDir: string, port: number, options: StartServiceOptions): Promise<RunningService> {
  const probe = options.until === 'live' ? 'live' : 'ready';
  const logFile = join(logDir, `${name}.log`);
  const log = createWriteStream(logFile, { flags: 'a' });
  const child: ChildProcess = spawn(process.execPath, [join(repoRoot(), 'services', name, 'dist', 'main.js')], {
    cwd: logDir,
    env: { ...process.env, POSTGRES_URL: '', POSTGRES_SCHEMA: '', LINCHPIN_ADMIN_TOKEN: TEST_ADMIN_TOKEN, ...env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: env.LOG_LEVEL ?? 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  // The start's own words, to tell a port taken by another process (EADDRINUSE) from any other failure.
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-65_536));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | null>((resolveExit) => child.once('exit', resolveExit));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };
  const kill = async () => {
    child.kill('SIGKILL');
    await exited;
  };
  try {
    const deadline = Date.now() + 90_000;
    for (;;) {
      if (child.exitCode !== null) {
        throw output.includes('EADDRINUSE') ? new PortTakenError(`${name}: port ${port} was taken by another process`) : new Error(`${name} exited with ${child.exitCode}; see ${logFile}`);
      }
      const response = await fetch(`${url}/health/${probe}`).catch(() => undefined);
      if (response?.status === 200 && listensOn(child.pid!, port) !== false) break;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${name} ${probe} (log: ${logFile})`);
      await new Promise((resolveWait) => setTimeout(resolveWait, 100));
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { name, url, port, logFile, stop, kill };
}
