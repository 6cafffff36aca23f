import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually } from './eventually';
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
 */
export async function startService(
  name: string,
  env: Record<string, string>,
  logDir: string,
  port?: number,
  options: StartServiceOptions = {},
): Promise<RunningService> {
  const probe = options.until === 'live' ? 'live' : 'ready';
  port ??= await freePort();
  const logFile = join(logDir, `${name}.log`);
  const log = createWriteStream(logFile, { flags: 'a' });
  const child: ChildProcess = spawn(process.execPath, [join(repoRoot(), 'services', name, 'dist', 'main.js')], {
    cwd: logDir,
    env: { ...process.env, LINCHPIN_ADMIN_TOKEN: TEST_ADMIN_TOKEN, ...env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: env.LOG_LEVEL ?? 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
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
    await eventually(`${name} ${probe} (log: ${logFile})`, async () => {
      if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}; see ${logFile}`);
      const response = await fetch(`${url}/health/${probe}`).catch(() => undefined);
      return response?.status === 200 ? true : undefined;
    }, 90_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return { name, url, port, logFile, stop, kill };
}
