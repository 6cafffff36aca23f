import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InMemoryEventStore, RecordedEvent, newId } from '@linchpin/eventsourcing';
import { ReadModel } from '../src/read-models/read-model.port';
import { ReadModelProjector } from '../src/read-models/read-model-projector';
import { SqliteReadModelStore } from '../src/read-models/sqlite-read-model-store';

/* The projector's guarantees, on a real SQLite file: a page and its checkpoint together, never an event twice. */

const meta = { correlationId: 'c', causationId: 'c', actor: 'test', occurredAt: '2026-11-01T00:00:00.000Z' };
const counted = (failOn?: (event: RecordedEvent) => boolean, version = 1): ReadModel => ({
  name: 'counted',
  version,
  streamPrefixes: ['timeline-'],
  tables: ['seen'],
  schema: ['CREATE TABLE IF NOT EXISTS seen (event_id TEXT NOT NULL, n INTEGER NOT NULL)'],
  apply(db, event) {
    if (failOn?.(event)) throw new Error(`cannot apply ${event.id}`);
    db.run('INSERT INTO seen VALUES (?, ?)', event.id, (event.data as { n: number }).n);
  },
});

describe('ReadModelProjector over a SQLite read-model file', () => {
  let dir: string;
  const store = new InMemoryEventStore();

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'linchpin-projector-'));
    for (let n = 0; n < 25; n++) await store.append(`timeline-${n % 3}`, [{ id: newId(), type: 'T', schemaVersion: 1, data: { n }, metadata: meta }], 'any');
    await store.append('other-1', [{ id: newId(), type: 'T', schemaVersion: 1, data: { n: -1 }, metadata: meta }], 'any');
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('applies nothing of a page that fails, checkpoint included, and everything exactly once when it goes on', async () => {
    const file = join(dir, 'crash.sqlite');
    const readModels = new SqliteReadModelStore(file);
    const failing = new ReadModelProjector(store, readModels, [counted((e) => (e.data as { n: number }).n === 12)], 10);
    await expect(failing.current()).rejects.toThrow('cannot apply');
    // The first page (0–9) is kept with its checkpoint; the page holding 12 left nothing.
    expect(readModels.read((db) => db.all<{ n: number }>('SELECT n FROM seen ORDER BY n')).map((r) => r.n)).toEqual([...Array(10).keys()]);
    const healed = new ReadModelProjector(store, readModels, [counted()], 10);
    await healed.current();
    expect(readModels.read((db) => db.all<{ n: number }>('SELECT n FROM seen ORDER BY n')).map((r) => r.n)).toEqual([...Array(25).keys()]);
    readModels.close();
  });

  it('rebuilds at start a model kept at another version (its rows changed meaning)', async () => {
    const file = join(dir, 'versions.sqlite');
    const first = new SqliteReadModelStore(file);
    await new ReadModelProjector(store, first, [counted()]).current();
    // Version 2 refuses event 3 (as a changed apply might): only a replay from the start can tell.
    first.close();
    const second = new SqliteReadModelStore(file);
    const projector = new ReadModelProjector(store, second, [counted((e) => (e.data as { n: number }).n === 3, 2)], 2);
    await expect(projector.current()).rejects.toThrow('cannot apply');
    expect(second.read((db) => db.all<{ n: number }>('SELECT n FROM seen ORDER BY n')).map((r) => r.n)).toEqual([0, 1]);
    // The same version again: kept, resumed from its checkpoint.
    second.close();
    const third = new SqliteReadModelStore(file);
    new ReadModelProjector(store, third, [counted(undefined, 2)]);
    expect(third.checkpoint('counted')).toBeDefined();
    third.close();
  });

  it('never applies an event twice when two processes follow the same file (a service and a CLI rebuild)', async () => {
    const file = join(dir, 'shared.sqlite');
    const [a, b] = [new SqliteReadModelStore(file), new SqliteReadModelStore(file)];
    const [service, cli] = [new ReadModelProjector(store, a, [counted()], 4), new ReadModelProjector(store, b, [counted()], 4)];
    await Promise.all([service.current(), cli.rebuild('counted'), service.current()]);
    await service.current();
    const rows = a.read((db) => db.all<{ n: number }>('SELECT n FROM seen ORDER BY n')).map((r) => r.n);
    expect(rows).toEqual([...Array(25).keys()]);
    a.close();
    b.close();
  });

  it('runs a model’s afterCatchUp once per catch-up, after its last page, finishing what a catch-up that stopped left', async () => {
    const file = join(dir, 'after-catch-up.sqlite');
    const readModels = new SqliteReadModelStore(file);
    // `pending` counts events applied but not yet summed; afterCatchUp moves them into `total` (as analytics folds incidents).
    const summed = (failOn?: number): ReadModel => ({
      name: 'summed',
      version: 1,
      streamPrefixes: ['timeline-'],
      tables: ['pending', 'total'],
      schema: ['CREATE TABLE IF NOT EXISTS pending (n INTEGER NOT NULL)', 'CREATE TABLE IF NOT EXISTS total (runs INTEGER NOT NULL, n INTEGER NOT NULL)'],
      apply(db, event) {
        const n = (event.data as { n: number }).n;
        if (n === failOn) throw new Error(`cannot apply ${n}`);
        db.run('INSERT INTO pending VALUES (?)', n);
      },
      afterCatchUp(db) {
        const [{ n }] = db.all<{ n: number | null }>('SELECT sum(n) AS n FROM pending');
        db.run('DELETE FROM pending');
        const [kept] = db.all<{ runs: number; n: number }>('SELECT runs, n FROM total');
        db.run('DELETE FROM total');
        db.run('INSERT INTO total VALUES (?, ?)', (kept?.runs ?? 0) + 1, (kept?.n ?? 0) + (n ?? 0));
      },
    });
    const all = [...Array(25).keys()].reduce((a, b) => a + b, 0);
    // Pages of 10, stopping at 12: the first page is kept, summed by nobody yet.
    await expect(new ReadModelProjector(store, readModels, [summed(12)], 10).current()).rejects.toThrow('cannot apply');
    expect(readModels.read((db) => db.all('SELECT * FROM total'))).toEqual([]);
    // The next catch-up (three pages from where the first stopped) sums everything once, at its end.
    await new ReadModelProjector(store, readModels, [summed()], 10).current();
    expect(readModels.read((db) => db.all('SELECT * FROM total'))).toEqual([{ runs: 1, n: all }]);
    // Pages of exactly its size: the last one, empty, still ends the catch-up.
    await new ReadModelProjector(store, readModels, [summed()], 5).rebuild('summed');
    expect(readModels.read((db) => db.all('SELECT * FROM total'))).toEqual([{ runs: 1, n: all }]);
    readModels.close();
  });
});
