import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InMemoryEventStore, RecordedEvent, newId } from '@linchpin/eventsourcing';
import { ReadModel } from '../src/read-models/read-model.port';
import { ReadModelProjector } from '../src/read-models/read-model-projector';
import { SqliteReadModelStore } from '../src/read-models/sqlite-read-model-store';

/* The projector's guarantees, on a real SQLite file: a page and its checkpoint together, never an event twice. */

const meta = { correlationId: 'c', causationId: 'c', actor: 'test', occurredAt: '2026-11-01T00:00:00.000Z' };
const counted = (failOn?: (event: RecordedEvent) => boolean): ReadModel => ({
  name: 'counted',
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
});
