import { ChildProcess, spawn } from 'child_process';
import { mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { RunningService, TEST_ADMIN_TOKEN, eventually, findAlertmanager, freePort, startService } from '@linchpin/testing';
import { ROOT } from './rendered';

/*
 * Compose's demo profile without containers: deploy/compose/demo.js as demo-setup and demo-alert run it, against a
 * real Prometheus Alertmanager started on the configuration demo.js writes, and the standalone process standing in
 * for detection and triage. The alert must travel Alertmanager → detection's integration → triage's queue.
 */

const alertmanager = findAlertmanager();
const why = alertmanager ? undefined : 'needs Prometheus Alertmanager (apt-get install prometheus-alertmanager; .ci/run installs it)';
if (why && process.env.CI === 'true') throw new Error(`the compose demo test cannot run: it ${why}`);
if (why) console.log(`skipped: the compose demo test ${why}`);

const DEMO = join(ROOT, 'deploy/compose/demo.js');

/** A child's output, and its exit code once it exits. */
function started(command: string, args: string[], env: NodeJS.ProcessEnv): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  let output = '';
  const child = spawn(command, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  return { child, output: () => output, exited: new Promise((resolve) => child.on('exit', resolve)) };
}

(why ? describe.skip : describe)("compose's demo profile", () => {
  const dir = mkdtempSync(join(tmpdir(), 'linchpin-compose-demo-'));
  const running: ChildProcess[] = [];
  let standalone: RunningService | undefined;
  afterAll(async () => {
    for (const child of running) child.kill('SIGKILL');
    await standalone?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('sends an alert through Alertmanager, configured by demo.js, to an incident in triage', async () => {
    const base = { PATH: process.env.PATH, HOME: process.env.HOME, LINCHPIN_ADMIN_TOKEN: TEST_ADMIN_TOKEN };
    // The in-process bus and SQLite in the test's folder; Alertmanager posts from loopback.
    standalone = await startService('standalone', { KAFKA_BROKERS: '', NODE_ENV: 'test', OUTBOUND_ALLOW_CIDRS: '127.0.0.0/8' }, dir);
    const linchpin = standalone.url;

    // demo-setup: the integration, and Alertmanager's configuration with its URL.
    const setup = started(process.execPath, [DEMO, 'setup'], { ...base, DETECTION_URL: linchpin, DEMO_DATA_DIR: dir, DEMO_ALERTMANAGER_TEMPLATE: join(ROOT, 'deploy/compose/alertmanager.yml') });
    expect({ exit: await setup.exited, output: setup.output() }).toEqual({ exit: 0, output: expect.stringContaining('created the Alertmanager integration') });
    expect(readFileSync(join(dir, 'alertmanager.yml'), 'utf8')).toMatch(new RegExp(`url: ${linchpin}/detection/integrations/alertmanager/\\S+`));

    // alertmanager, as compose starts it, on that configuration.
    const amPort = await freePort();
    const am = started(alertmanager!, [`--config.file=${join(dir, 'alertmanager.yml')}`, `--storage.path=${join(dir, 'am')}`, `--web.listen-address=127.0.0.1:${amPort}`, '--cluster.listen-address='], base);
    running.push(am.child);
    const amUrl = `http://127.0.0.1:${amPort}`;
    await eventually('Alertmanager is ready', async () => ((await fetch(`${amUrl}/-/ready`).catch(() => undefined))?.ok ? true : undefined), 30_000);

    // demo-alert: an alert to Alertmanager, waited for in triage's queue.
    const alert = started(process.execPath, [DEMO, 'alert'], { ...base, ALERTMANAGER_URL: amUrl, TRIAGE_URL: linchpin });
    expect({ exit: await alert.exited, output: alert.output() }).toEqual({ exit: 0, output: expect.stringContaining('triage queue: ') });
    expect(alert.output()).toContain('"title":"Checkout error rate above 5% (compose demo)"');
  });
});
