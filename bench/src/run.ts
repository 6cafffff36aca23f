import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '@linchpin/testing';
import { BenchSuite, Figure, toMarkdown } from './report';
import { suites } from './suites';

/**
 * `npm run bench`: runs every suite (or `--only <name>,<name>`), prints one table and writes
 * bench/results/<time>.json and bench/results/latest.json. Starts the project's Kafka broker when
 * KAFKA_BROKERS is not set, and stops it at the end. `--baseline-ref <ref>`: the commit the memory
 * suite builds and compares with (HEAD^ by default).
 */
async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const quick = args.includes('--quick');
  const valueOf = (flag: string) => (args.includes(flag) ? args[args.indexOf(flag) + 1] : undefined);
  const only = valueOf('--only')?.split(',');
  const baselineRef = valueOf('--baseline-ref') ?? 'HEAD^';
  const root = repoRoot();
  const selected: BenchSuite[] = only ? suites.filter((s) => only.includes(s.name)) : suites;

  let startedKafka = false;
  let kafkaBrokers = (process.env.KAFKA_BROKERS ?? '').split(',').filter(Boolean);
  if (kafkaBrokers.length === 0) {
    const out = execFileSync('bash', [join(root, 'scripts/kafka.sh'), 'start'], { encoding: 'utf8' });
    kafkaBrokers = out.trim().split('\n').pop()!.replace('KAFKA_BROKERS=', '').split(',');
    startedKafka = true;
  }

  const machine = {
    cpus: `${cpus().length} × ${cpus()[0]?.model ?? 'unknown'}`,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
  };
  const figures: Figure[] = [];
  try {
    for (const suite of selected) {
      const workDir = mkdtempSync(join(tmpdir(), `linchpin-bench-${suite.name}-`));
      const log = (message: string) => console.log(`[${suite.name}] ${message}`);
      log('start');
      try {
        figures.push(...(await suite.run({ quick, kafkaBrokers, baselineRef, workDir, log })));
      } catch (error) {
        log(`FAILED: ${(error as Error).stack ?? error}`);
        process.exitCode = 1;
      } finally {
        rmSync(workDir, { recursive: true, force: true });
      }
    }
  } finally {
    if (startedKafka) execFileSync('bash', [join(root, 'scripts/kafka.sh'), 'stop'], { stdio: 'inherit' });
  }

  const table = toMarkdown(figures);
  console.log(`\nMachine: ${machine.cpus}, ${machine.memoryGiB} GiB, Node ${machine.node}, ${machine.platform}${quick ? ' (quick run)' : ''}\n`);
  console.log(table);
  const results = join(root, 'bench', 'results');
  mkdirSync(results, { recursive: true });
  const report = JSON.stringify({ at: new Date().toISOString(), quick, machine, figures }, null, 2);
  writeFileSync(join(results, `${new Date().toISOString().replace(/[:.]/g, '-')}.json`), report);
  writeFileSync(join(results, 'latest.json'), report);
  writeFileSync(join(results, 'latest.md'), `${table}\n`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
