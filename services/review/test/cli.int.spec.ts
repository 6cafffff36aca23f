import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { ServiceApp, startServiceApp } from '@linchpin/service-testing';
import { ReviewModule } from '../src/review.module';
import { REVIEW_SERVICE } from '../src/service';
import { analyticsReadModel } from '../src/read-models/analytics.read-model';
import { SqliteReadModelStore } from '../src/read-models/sqlite-read-model-store';
import { HistoryIncident, PLANS, recordHistory } from './support/recorded-history';
import { rowsOf } from './support/read-model-rows';

/*
 * Issue 16, item 7: `npx linchpin replay|rebuild|export` reads review's store directly, with the settings the service
 * takes. A history recorded through the real app (SQLite + in-process bus + HTTP), then the CLI as a child process on
 * the same file. Runs the built CLI (the test target depends on the build).
 */

const run = promisify(execFile);
const BIN = resolve(__dirname, '..', 'bin', 'linchpin.js');

describe('the linchpin CLI on a recorded history (SQLite file)', () => {
  let dir: string;
  let review: ServiceApp;
  let incidents: HistoryIncident[];
  let env: NodeJS.ProcessEnv;

  const linchpin = (...args: string[]) => run(process.execPath, [BIN, ...args], { env, maxBuffer: 16 * 1024 * 1024 });
  const failing = (...args: string[]) => linchpin(...args).then(
    () => {
      throw new Error(`linchpin ${args.join(' ')} succeeded`);
    },
    (error: { code: number; stderr: string }) => error,
  );

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'linchpin-cli-'));
    review = await startServiceApp({ service: REVIEW_SERVICE, module: ReviewModule, sqlitePath: join(dir, 'review.db'), env: { REVIEW_READ_MODELS_PATH: join(dir, 'live.sqlite') } });
    incidents = await recordHistory(review.bus);
    // A person's note: review's own event on the timeline, replayed too.
    await review.http().post(`/review/incidents/${incidents[0].incidentId}/notes`).send({ text: 'Roll back | then "verify"\nsecond line', kind: 'decision' }).expect(201);
    await review.http().get('/review/analytics/pages').expect(200);
    // The CLI as an operator runs it next to the service: the same SQLite file, its read models elsewhere (compared below).
    env = { PATH: process.env.PATH, SQLITE_PATH: join(dir, 'review.db'), LINCHPIN_DATA_DIR: dir, REVIEW_READ_MODELS_PATH: join(dir, 'rebuilt.sqlite') };
  });

  afterAll(async () => {
    await review.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('replays an incident’s timeline exactly as the HTTP routes render it, as JSON, Markdown and CSV, also as of a moment', async () => {
    const { incidentId } = incidents[0];
    const http = (suffix: string, query: Record<string, string> = {}) => review.http().get(`/review/incidents/${incidentId}/${suffix}`).query(query).expect(200);
    expect(JSON.parse((await linchpin('replay', incidentId, '--format', 'json')).stdout)).toEqual((await http('timeline')).body);
    expect((await linchpin('replay', incidentId, '--format', 'md')).stdout).toBe((await http('timeline.md')).text);
    expect((await linchpin('replay', incidentId)).stdout).toBe((await http('timeline.md')).text);
    expect((await linchpin('replay', incidentId, '--format', 'csv')).stdout).toBe((await http('timeline.csv')).text);

    const timeline = (await http('timeline')).body;
    const at = timeline.entries[3].at;
    const then = JSON.parse((await linchpin('replay', incidentId, '--at', at, '--format', 'json')).stdout);
    expect(then).toEqual((await http('timeline', { at })).body);
    expect(then.entries.length).toBeLessThan(timeline.entries.length);
  });

  it('rebuilds review’s read models with a progress line and events/s, yielding exactly the rows live processing produced', async () => {
    const { stdout, stderr } = await linchpin('rebuild');
    expect(stdout).toMatch(/^analytics: \d+ events replayed in [\d.]+ s \(\d+ events\/s\)\n$/);
    expect(stderr).toMatch(/analytics \[#+\] (\d+)\/\1 events, \d+ events\/s/);

    const live = new SqliteReadModelStore(join(dir, 'live.sqlite'));
    const rebuilt = new SqliteReadModelStore(join(dir, 'rebuilt.sqlite'));
    try {
      const liveRows = live.read((db) => rowsOf(db, analyticsReadModel));
      expect(liveRows.analytics_incidents).toHaveLength(PLANS.length);
      expect(rebuilt.read((db) => rowsOf(db, analyticsReadModel))).toEqual(liveRows);
    } finally {
      live.close();
      rebuilt.close();
    }
    // Named, the same; a name review does not keep is a usage error naming those it does.
    expect((await linchpin('rebuild', '--projection', 'analytics')).stdout).toMatch(/^analytics: /);
    const unknown = await failing('rebuild', '--projection', 'nope');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("review's are: analytics");
  });

  it('exports every timeline entry whose event happened in the window, one JSON object a line', async () => {
    const { stdout } = await linchpin('export', '--from', '2026-11-03T00:00:00Z', '--to', '2026-11-10T00:00:00Z');
    const lines = stdout.trimEnd().split('\n').map((line) => JSON.parse(line));
    // B (3 Nov) and C (9 Nov), not A (2 Nov) nor D (14 Nov).
    expect([...new Set(lines.map((l) => l.incidentId))]).toEqual([incidents[1].incidentId, incidents[2].incidentId]);
    const timelineOfB = (await review.http().get(`/review/incidents/${incidents[1].incidentId}/timeline`).expect(200)).body;
    expect(lines.filter((l) => l.incidentId === incidents[1].incidentId)).toEqual(timelineOfB.entries.map((e: object) => ({ incidentId: incidents[1].incidentId, ...e })));
  });

  it('says what is wrong: an unknown incident (1), a bad time or format (2), a bad setting (2), a missing store (1)', async () => {
    const unknown = await failing('replay', '11111111-1111-4111-8111-111111111111');
    expect([unknown.code, unknown.stderr]).toEqual([1, expect.stringContaining('review knows no incident 11111111-1111-4111-8111-111111111111')]);
    const badAt = await failing('replay', incidents[0].incidentId, '--at', 'yesterday');
    expect([badAt.code, badAt.stderr]).toEqual([2, expect.stringContaining('--at must be an ISO 8601 date-time')]);
    const badFormat = await failing('replay', incidents[0].incidentId, '--format', 'pdf');
    expect([badFormat.code, badFormat.stderr]).toEqual([2, expect.stringContaining('--format must be one of md, json, csv')]);
    const badSetting = await run(process.execPath, [BIN, 'rebuild'], { env: { ...env, REVIEW_READ_MODELS_PATH: ' ', SQLITE_SYNCHRONOUS: 'sometimes' } }).catch((e) => e);
    expect([badSetting.code, badSetting.stderr]).toEqual([2, expect.stringContaining('SQLITE_SYNCHRONOUS must be FULL or NORMAL')]);
    const noStore = await run(process.execPath, [BIN, 'export', '--from', '2026-11-01T00:00:00Z', '--to', '2026-12-01T00:00:00Z'], { env: { ...env, SQLITE_PATH: join(dir, 'none.db') } }).catch((e) => e);
    expect([noStore.code, noStore.stderr]).toEqual([1, expect.stringContaining('no review store at')]);
  });
});
