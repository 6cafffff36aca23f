import { ChildProcess, execFileSync, spawn, spawnSync } from 'child_process';
import { chmodSync, chownSync, copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'fs';
import { AddressInfo, createServer } from 'net';
import { tmpdir } from 'os';
import { dirname, join } from 'path';
import { Kafka } from 'kafkajs';
import { Client } from 'pg';
import { satisfies } from 'semver';
import { parse } from 'yaml';
import { ROOT, SERVICES, read } from './rendered';

/*
 * The image's own command lines, run as the image runs them (no container engine here): the runtime stage's files
 * staged as the Dockerfile assembles them (production dependencies only, root-owned), each command started as the
 * image's USER in its WORKDIR with the image's ENV and the compose service's environment (the shared test Kafka and
 * PostgreSQL in place of compose's host names), answered ready, passing the image's HEALTHCHECK and writing nowhere but
 * the data folder. Then the topic Job's command.
 */

interface Stage {
  lines: string[];
}

/** The Dockerfile's stages, each a list of instructions with continuation lines joined. */
function stages(): Stage[] {
  const text = read('Dockerfile').replace(/\\\n/g, ' ');
  const lines = text.split('\n').filter((l) => l.trim() && !l.trim().startsWith('#'));
  const out: Stage[] = [];
  for (const line of lines) {
    if (/^FROM /.test(line)) out.push({ lines: [] });
    else out.at(-1)?.lines.push(line);
  }
  return out;
}
const instruction = (stage: Stage, name: string) => stage.lines.filter((l) => l.startsWith(`${name} `)).map((l) => l.slice(name.length + 1).trim());

const runtime = stages().at(-1)!;
const [uid, gid] = instruction(runtime, 'USER')[0].split(':').map(Number);
const workdir = instruction(runtime, 'WORKDIR')[0];
const imageEnv = Object.fromEntries(instruction(runtime, 'ENV').flatMap((e) => e.split(/\s+/).map((kv) => kv.split('=') as [string, string])));
const healthcheck = JSON.parse(/CMD (\[.*\])$/.exec(instruction(runtime, 'HEALTHCHECK')[0])![1]) as string[];
const defaultCommand = JSON.parse(instruction(runtime, 'CMD')[0]) as string[];
const assembly = instruction(stages()[0], 'RUN').find((r) => r.includes('/out'))!;

const compose = parse(read('docker-compose.yml'), { merge: true }) as { services: Record<string, { command: string[]; environment: Record<string, string | number> }> };

const why = process.getuid?.() !== 0
  ? 'needs root, to stage root-owned files and start each command as the image user'
  : !process.env.KAFKA_BROKERS || !process.env.POSTGRES_URL
    ? 'needs KAFKA_BROKERS and POSTGRES_URL (the shared test broker and server)'
    : undefined;
if (why && process.env.CI === 'true') throw new Error(`the image command test cannot run: it ${why}`);
if (why) console.log(`skipped: the image command test ${why}`);

const SECRETS: Record<string, string> = {
  LINCHPIN_ADMIN_TOKEN: 'lp_image_command_test_token_0123456789abcdefghij',
  LINCHPIN_LINK_SECRET: 'image-command-test-link-secret-0123456789',
  COMMS_SIGNING_SECRET: 'image-command-test-signing-secret-0123',
  POSTGRES_PASSWORD: 'unused',
};
const run = `i${Date.now().toString(36)}`;

/** Compose's interpolation: ${VAR}, ${VAR:-default}, ${VAR:?message}, from the test's secrets only. */
const interpolate = (value: string) =>
  value.replace(/\$\{([A-Z0-9_]+)(?::([-?])([^}]*))?\}/g, (_m, name: string, op?: string, arg?: string) => SECRETS[name] ?? (op === '-' ? (arg ?? '') : ''));

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

(why ? describe.skip : describe)('the image commands, as the image user on the image files', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'linchpin-image-'));
  const src = join(tmp, 'src');
  const app = join(tmp, 'app');
  const data = join(app, 'data');
  const bin = join(tmp, 'bin');
  const started: ChildProcess[] = [];

  /** The image's filesystem path of the staged app (ENV and commands name /app). */
  const inApp = (value: string) => (value.startsWith(workdir) ? join(app, value.slice(workdir.length)) : value);

  beforeAll(() => {
    // The build stage: the repository's built output and installed modules, production dependencies only.
    mkdirSync(src);
    for (const file of ['package.json', 'package-lock.json']) copyFileSync(join(ROOT, file), join(src, file));
    execFileSync('cp', ['-a', join(ROOT, 'node_modules'), src]);
    for (const dir of ['libs', 'services']) {
      for (const ws of readdirSync(join(ROOT, dir))) {
        cpSync(join(ROOT, dir, ws, 'package.json'), join(src, dir, ws, 'package.json'));
        for (const part of ['dist', 'bin', 'node_modules']) if (existsSync(join(ROOT, dir, ws, part))) cpSync(join(ROOT, dir, ws, part), join(src, dir, ws, part), { recursive: true, verbatimSymlinks: true });
      }
    }
    for (const ws of ['e2e', 'bench']) cpSync(join(ROOT, ws, 'package.json'), join(src, ws, 'package.json'));
    cpSync(join(ROOT, 'scripts/create-topics.js'), join(src, 'scripts/create-topics.js'));
    execFileSync('npm', ['prune', '--omit=dev', '--no-audit', '--no-fund'], { cwd: src, stdio: 'ignore' });
    // The Dockerfile's own assembly of what the runtime stage copies (root-owned, as COPY --from leaves it).
    execFileSync('bash', ['-c', assembly.replace(/\/out\b/g, app)], { cwd: src });
    // The runtime stage: the data folder is the user's; the Node binary stands in for the base image's.
    mkdirSync(data);
    chownSync(data, uid, gid);
    chmodSync(data, 0o750);
    mkdirSync(bin);
    copyFileSync(process.execPath, join(bin, 'node'));
    chmodSync(tmp, 0o755);
    rmSync(src, { recursive: true, force: true });
  }, 300_000);

  afterAll(async () => {
    for (const child of started) child.kill('SIGKILL');
    rmSync(tmp, { recursive: true, force: true });
    // The shared servers keep nothing of this run: its schemas and its prefixed topics.
    const pg = new Client({ connectionString: process.env.POSTGRES_URL });
    await pg.connect();
    for (const name of [...SERVICES, 'standalone']) await pg.query(`DROP SCHEMA IF EXISTS linchpin_${name}_${run} CASCADE`);
    await pg.end();
    const admin = new Kafka({ brokers: process.env.KAFKA_BROKERS!.split(','), logLevel: 0 }).admin();
    await admin.connect();
    const topics = (await admin.listTopics()).filter((t) => t.startsWith(`${run}.`));
    if (topics.length > 0) await admin.deleteTopics({ topics });
    await admin.disconnect();
  });

  const baseEnv = () => ({ PATH: `${bin}:/usr/bin:/bin`, ...Object.fromEntries(Object.entries(imageEnv).map(([k, v]) => [k, inApp(v)])) });

  async function start(name: string, command: string[], environment: Record<string, string | number>) {
    const port = await freePort();
    const env: Record<string, string> = { ...baseEnv() };
    for (const [k, v] of Object.entries(environment)) env[k] = interpolate(String(v));
    Object.assign(env, { HOST: '127.0.0.1', PORT: String(port) });
    if (env.KAFKA_BROKERS) Object.assign(env, { KAFKA_BROKERS: process.env.KAFKA_BROKERS!, KAFKA_TOPIC_PREFIX: `${run}.` });
    if (env.POSTGRES_URL) Object.assign(env, { POSTGRES_URL: process.env.POSTGRES_URL!, POSTGRES_SCHEMA: `linchpin_${name}_${run}` });
    const child = spawn(command[0], command.slice(1).map(inApp), { cwd: app, env, uid, gid, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (chunk) => (stderr += chunk));
    started.push(child);
    return { name, port, env, child, stderr: () => stderr };
  }

  async function ready(p: Awaited<ReturnType<typeof start>>) {
    for (;;) {
      if (p.child.exitCode !== null) throw new Error(`${p.name} exited with ${p.child.exitCode}: ${p.stderr()}`);
      const status = await fetch(`http://127.0.0.1:${p.port}/health/ready`).then((r) => r.status, () => 0);
      if (status === 200) return status;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }

  function healthcheckExit(p: Awaited<ReturnType<typeof start>>) {
    return spawnSync(healthcheck[0], healthcheck.slice(1), { cwd: app, env: p.env, uid, gid }).status;
  }

  async function stop(p: Awaited<ReturnType<typeof start>>) {
    if (p.child.exitCode !== null) return;
    const exited = new Promise((resolve) => p.child.once('exit', resolve));
    p.child.kill('SIGTERM');
    await exited;
  }

  /** Files the user could write, or did, outside the data folder: none. */
  const writableOutsideData = () =>
    execFileSync('find', [app, '-path', data, '-prune', '-o', '!', '-type', 'l', '(', '-user', String(uid), '-o', '-perm', '-o+w', '-o', '-newer', join(tmp, 'bin'), ')', '-print'], {
      encoding: 'utf8',
    }).trim();

  /**
   * Each staged workspace's declared dependencies as Node finds them from its folder (its own node_modules, then the
   * root's), with the version found there: a package npm kept apart from the hoisted one must travel with it.
   */
  const resolvedDependencies = () =>
    ['libs', 'services'].flatMap((dir) =>
      readdirSync(join(app, dir)).flatMap((ws) => {
        const manifest = JSON.parse(readFileSync(join(app, dir, ws, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
        return Object.entries(manifest.dependencies ?? {})
          .filter(([name]) => !name.startsWith('@linchpin/'))
          .map(([name, range]) => {
            let found: string | undefined;
            for (let at = join(app, dir, ws); !found && at.startsWith(app); at = dirname(at)) {
              const file = join(at, 'node_modules', name, 'package.json');
              if (existsSync(file)) found = (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
            }
            return { workspace: `${dir}/${ws}`, name, range, found: found ?? 'missing' };
          });
      }),
    );

  it('holds production dependencies only, root-owned and read-only for the user', () => {
    const unmet = resolvedDependencies().filter((d) => d.found === 'missing' || !satisfies(d.found, d.range));
    expect(unmet).toEqual([]);
    expect(existsSync(join(app, 'node_modules/typescript'))).toBe(false);
    expect(existsSync(join(app, 'node_modules/jest'))).toBe(false);
    // What only the tests and the benchmarks use: the test kits, the load generator, the second Kafka client.
    for (const tool of ['testcontainers', 'supertest', 'oidc-provider', 'autocannon', '@platformatic/kafka']) expect({ tool, present: existsSync(join(app, 'node_modules', tool)) }).toEqual({ tool, present: false });
    expect(existsSync(join(app, 'services/detection/dist/main.js'))).toBe(true);
    expect(writableOutsideData()).toBe('');
  });

  it('starts each of the five services with its compose command and environment: ready, healthy, writing only under data', async () => {
    const processes = await Promise.all(SERVICES.map((s) => start(s, compose.services[s].command, compose.services[s].environment)));
    for (const p of processes) {
      expect({ service: p.name, ready: await ready(p) }).toEqual({ service: p.name, ready: 200 });
      expect({ service: p.name, healthcheck: healthcheckExit(p) }).toEqual({ service: p.name, healthcheck: 0 });
    }
    await Promise.all(processes.map(stop));
    expect(writableOutsideData()).toBe('');
    console.log(`five services wrote under data: ${readdirSync(data).join(', ') || '(nothing)'}`);
  });

  it("starts the image's default command (the standalone process) and compose's standalone the same way", async () => {
    // A fresh volume: the review read models of the services before would be the standalone's too.
    for (const entry of readdirSync(data)) rmSync(join(data, entry), { recursive: true, force: true });
    expect(compose.services.standalone.command).toEqual(defaultCommand);
    const p = await start('standalone', defaultCommand, compose.services.standalone.environment);
    expect(await ready(p)).toBe(200);
    expect(healthcheckExit(p)).toBe(0);
    await stop(p);
    expect(writableOutsideData()).toBe('');
    expect(readdirSync(data)).toContain('standalone.db');
  });

  it("runs the topic Job's command", () => {
    const job = parse(read('deploy/base/topics-job.yaml')) as { spec: { template: { spec: { containers: { command: string[] }[] } } } };
    const [command, ...args] = job.spec.template.spec.containers[0].command;
    const result = spawnSync(command, args, {
      cwd: app,
      env: { ...baseEnv(), KAFKA_BROKERS: process.env.KAFKA_BROKERS!, KAFKA_TOPIC_PREFIX: `${run}.` },
      uid,
      gid,
      encoding: 'utf8',
    });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout.trim().split('\n')).toHaveLength(10);
    writeFileSync(join(tmp, 'topics.txt'), result.stdout);
  });
});
