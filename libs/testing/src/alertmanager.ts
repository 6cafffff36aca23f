import { ChildProcess, spawn } from 'node:child_process';
import { accessSync, constants, createWriteStream, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { eventually } from './eventually';
import { freePort } from './kafka-broker';
import { tempDir } from './service-process';

/**
 * A real Prometheus Alertmanager for tests (issue 4, item 8): the sender itself, not a copy of
 * its payload. Debian installs it as `prometheus-alertmanager`; `scripts/alertmanager.sh install`
 * installs it where it can.
 */

export const ALERTMANAGER_INSTALL_HINT =
  "Prometheus Alertmanager not found: install it with 'apt-get install prometheus-alertmanager' (Debian/Ubuntu; " +
  "or run scripts/alertmanager.sh install as root), or set ALERTMANAGER_BIN to an alertmanager binary";

/** An alert as Alertmanager's `POST /api/v2/alerts` takes it (what Prometheus sends). Times are ISO 8601. */
export interface PostableAlert {
  labels: Record<string, string>;
  annotations?: Record<string, string>;
  startsAt?: string;
  /** In the past: the alert is resolved. Absent: Alertmanager resolves it after `resolveTimeout` unless re-sent. */
  endsAt?: string;
  generatorURL?: string;
}

export interface AlertmanagerOptions {
  /** Where the one webhook receiver posts every notification (send_resolved, no alert limit). */
  webhookUrl: string;
  /** Durations in Alertmanager's syntax ('1s', '5m'). Short defaults so a test sees a notification within seconds. */
  groupWait?: string;
  groupInterval?: string;
  repeatInterval?: string;
  resolveTimeout?: string;
}

export interface RunningAlertmanager {
  url: string;
  /** Alertmanager's own log (logfmt), to read when a test fails. */
  logFile: string;
  pushAlerts(alerts: PostableAlert[]): Promise<void>;
  /** Stops the process and deletes its config, storage and log. */
  stop(): Promise<void>;
}

/** Receiver name in the generated config; it appears as `receiver` in every webhook payload. */
export const ALERTMANAGER_RECEIVER = 'linchpin';

/** The binary to run: ALERTMANAGER_BIN, else Debian's name, else upstream's, on the PATH. */
export function findAlertmanager(): string | undefined {
  const fromEnv = process.env.ALERTMANAGER_BIN?.trim();
  if (fromEnv) return isExecutable(fromEnv) ? fromEnv : undefined;
  const dirs = (process.env.PATH ?? '').split(delimiter).filter(Boolean);
  for (const name of ['prometheus-alertmanager', 'alertmanager']) {
    const found = dirs.map((dir) => join(dir, name)).find(isExecutable);
    if (found) return found;
  }
  return undefined;
}

/** The route groups by alertname and service, the usual grouping of a Prometheus setup. */
export function alertmanagerConfig(options: AlertmanagerOptions): object {
  return {
    global: { resolve_timeout: options.resolveTimeout ?? '5m' },
    route: {
      receiver: ALERTMANAGER_RECEIVER,
      group_by: ['alertname', 'service'],
      group_wait: options.groupWait ?? '1s',
      group_interval: options.groupInterval ?? '1s',
      repeat_interval: options.repeatInterval ?? '1h',
    },
    receivers: [
      { name: ALERTMANAGER_RECEIVER, webhook_configs: [{ url: options.webhookUrl, send_resolved: true, max_alerts: 0 }] },
    ],
  };
}

/** Starts Alertmanager on a free 127.0.0.1 port with clustering off; throws ALERTMANAGER_INSTALL_HINT when absent. */
export async function startAlertmanager(options: AlertmanagerOptions): Promise<RunningAlertmanager> {
  const binary = findAlertmanager();
  if (!binary) throw new Error(ALERTMANAGER_INSTALL_HINT);

  const dir = tempDir('alertmanager');
  const configFile = join(dir, 'alertmanager.yml');
  const logFile = join(dir, 'alertmanager.log');
  // JSON is YAML: no YAML library needed.
  writeFileSync(configFile, JSON.stringify(alertmanagerConfig(options), null, 2));

  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const log = createWriteStream(logFile, { flags: 'a' });
  const child: ChildProcess = spawn(
    binary,
    [
      `--config.file=${configFile}`,
      `--storage.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      // Without it the links in payloads (externalURL) would name this machine's hostname.
      `--web.external-url=${url}`,
      // Empty: no gossip listener on :9094, and no wait for peers before the first notification.
      '--cluster.listen-address=',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  let spawnError: Error | undefined;
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.once('error', (error) => {
      spawnError = error;
      resolve();
    });
  });

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    if (!spawnError && child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
    await new Promise<void>((resolve) => log.end(resolve));
    rmSync(dir, { recursive: true, force: true });
  };

  let failure: Error | undefined;
  try {
    await eventually(`Alertmanager ready on ${url}`, async () => {
      // Returned, not thrown: eventually() retries a probe that throws until its deadline, so a
      // process that is gone would cost the whole 30 s before the test saw why.
      if (spawnError) failure = new Error(`Alertmanager did not start (${binary}): ${spawnError.message}`);
      else if (child.exitCode !== null || child.signalCode !== null)
        failure = new Error(`Alertmanager exited with ${child.exitCode ?? child.signalCode}:\n${tail(logFile)}`);
      if (failure) return false;
      const response = await fetch(`${url}/-/ready`).catch(() => undefined);
      return response?.status === 200 ? true : undefined;
    }, 30_000);
    if (failure) throw failure;
  } catch (error) {
    await stop();
    throw error;
  }

  const pushAlerts = async (alerts: PostableAlert[]) => {
    const response = await fetch(`${url}/api/v2/alerts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(alerts),
    });
    if (!response.ok) throw new Error(`Alertmanager refused the alerts: ${response.status} ${await response.text()}`);
  };

  return { url, logFile, pushAlerts, stop };
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function tail(file: string): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-20).join('\n');
  } catch {
    return '(no log)';
  }
}
