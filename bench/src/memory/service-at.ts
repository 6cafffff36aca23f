import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort, listensOn, TEST_ADMIN_TOKEN } from '@linchpin/testing';
import { BENCH_RATE_LIMITS } from '../rate-limits';

export interface ServiceProcess {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/**
 * Starts `<root>/services/<name>/dist/main.js`, as @linchpin/testing's startService does for this
 * tree (same environment: the test admin token, LOG_LEVEL=warn, the bench's rate limits), but
 * from any checkout, so this commit's services and the parent commit's start the same way.
 * Waits for /health/ready.
 */
export async function startServiceAt(root: string, name: string, env: Record<string, string>, logDir: string, label = name): Promise<ServiceProcess> {
  const port = await freePort();
  const log = createWriteStream(join(logDir, `${label}.log`), { flags: 'a' });
  const child: ChildProcess = spawn(process.execPath, [join(root, 'services', name, 'dist', 'main.js')], {
    cwd: logDir,
    env: {
      ...process.env,
      LINCHPIN_ADMIN_TOKEN: TEST_ADMIN_TOKEN,
      LOG_LEVEL: 'warn',
      ...BENCH_RATE_LIMITS,
      // A KAFKA_BROKERS or POSTGRES_URL in the bench's own environment must not put standalone on Kafka or PostgreSQL (empty counts as unset).
      KAFKA_BROKERS: '',
      POSTGRES_URL: '',
      ...env,
      PORT: String(port),
      HOST: '127.0.0.1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };
  // The log's last lines go into the error: the suite's folder is removed at the end of the run.
  const logTail = () => {
    try {
      return readFileSync(join(logDir, `${label}.log`), 'utf8').trim().split('\n').slice(-5).join('\n');
    } catch {
      return '';
    }
  };
  // Generous: ten processes start side by side on a shared two-core machine, each joining its Kafka groups.
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${label} exited with ${child.exitCode}: ${logTail()}`);
    const response = await fetch(`${url}/health/ready`).catch(() => undefined);
    if (response?.status === 200 && listensOn(child.pid!, port) !== false) break;
    if (Date.now() > deadline) {
      const ready = await response?.text().catch(() => '');
      await stop();
      throw new Error(`timed out waiting for ${label} to be ready (last /health/ready: ${response?.status ?? 'no answer'} ${ready ?? ''}): ${logTail()}`);
    }
    await sleep(100);
  }
  return { url, pid: child.pid!, stop };
}
