import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventEnvelope, RecordedEvent, newId } from '@linchpin/eventsourcing';
// Tests of an adapter run the shared contract suite; the adapter's runtime code never imports it.
import { describeEventStoreContract, describeTimerContract } from '@linchpin/testing';
import { SqliteEventStore } from './sqlite-event-store';

const tempDirs: string[] = [];
const tempFile = () => {
  const dir = mkdtempSync(join(tmpdir(), 'linchpin-sqlite-'));
  tempDirs.push(dir);
  // A subdirectory that does not exist yet: the store must create it.
  return join(dir, 'data', 'events.db');
};

afterAll(() => tempDirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const event = (n: number): EventEnvelope => ({
  id: newId(),
  type: 'Thing',
  schemaVersion: 1,
  data: { n },
  metadata: { correlationId: 'c', causationId: 'c', actor: 'system:test', occurredAt: '2026-01-01T00:00:00.000Z' },
});

describeEventStoreContract('SqliteEventStore', async () => {
  const store = new SqliteEventStore({ path: tempFile(), pollIntervalMs: 50 });
  return { store, cleanup: () => store.close() };
});

describeTimerContract('SqliteEventStore', async () => {
  // Each open() is another process's instance on the same file: a restart, or a replica.
  const path = tempFile();
  return { open: async () => new SqliteEventStore({ path, pollIntervalMs: 50 }), separateInstances: true, cleanup: async () => undefined };
});

describe('SqliteEventStore on a file', () => {
  it('commits appends made together as a group, where one append\'s conflict leaves the others stored', async () => {
    const store = new SqliteEventStore({ path: tempFile() });
    try {
      await store.append('grouped-0', [event(0)], 'no_stream');
      const appends = Array.from({ length: 50 }, (_, i) => store.append(`grouped-${i}`, [event(i)], i === 0 ? 5 : 'no_stream'));
      const outcomes = await Promise.allSettled(appends);
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(49);
      expect((outcomes[0] as PromiseRejectedResult).reason).toMatchObject({ code: 'concurrency_conflict' });
      expect(await store.readAll()).toHaveLength(50);
      expect(await store.readStream('grouped-0')).toHaveLength(1);
    } finally {
      await store.close();
    }
  });

  it('filters by whole categories (indexed) and by any other prefix alike', async () => {
    const store = new SqliteEventStore({ path: tempFile() });
    try {
      await store.append('alert-a1', [event(1)], 'no_stream');
      await store.append('alertGroup-x', [event(2)], 'no_stream');
      await store.append('alert-b2', [event(3)], 'no_stream');
      await store.append('alert', [event(4)], 'no_stream');
      const streams = async (...prefixes: string[]) =>
        (await store.readAll({ filter: { streamPrefixes: prefixes } })).map((e) => e.streamId);
      expect(await streams('alert-')).toEqual(['alert-a1', 'alert-b2']);
      expect(await streams('alert-a')).toEqual(['alert-a1']);
      expect(await streams('alert')).toEqual(['alert-a1', 'alertGroup-x', 'alert-b2', 'alert']);
      expect(await streams('alertGroup-', 'alert-')).toEqual(['alert-a1', 'alertGroup-x', 'alert-b2']);
      expect((await store.readAll({ after: 1, filter: { streamPrefixes: ['alert-'] }, limit: 1 })).map((e) => e.streamId)).toEqual(['alert-b2']);
    } finally {
      await store.close();
    }
  });

  it('keeps events and checkpoints across closing and reopening the file', async () => {
    const path = tempFile();
    const first = new SqliteEventStore({ path });
    const events = [event(1), event(2)];
    await first.append('thing-1', events, 'no_stream');
    await first.save('relay', 2);
    await first.close();

    const reopened = new SqliteEventStore({ path, synchronous: 'NORMAL' });
    try {
      expect((await reopened.readStream('thing-1')).map((e) => e.id)).toEqual(events.map((e) => e.id));
      expect((await reopened.readAll()).map((e) => e.position)).toEqual([1, 2]);
      expect(await reopened.load('relay')).toBe(2);
      const next = await reopened.append('thing-1', [event(3)], 1);
      expect(next).toEqual({ nextExpectedRevision: 2, position: 3, alreadyStored: false });
      await expect(reopened.append('thing-1', events, 'no_stream')).resolves.toMatchObject({ alreadyStored: true });
    } finally {
      await reopened.close();
    }
  });

  it('lets a second instance on the same file (another process) see appends through its subscription', async () => {
    const path = tempFile();
    const writer = new SqliteEventStore({ path });
    const reader = new SqliteEventStore({ path, pollIntervalMs: 20 });
    const seen: RecordedEvent[] = [];
    await writer.append('thing-1', [event(1)], 'no_stream');
    const sub = reader.subscribeAll({}, (e) => {
      seen.push(e);
    });
    try {
      await sub.caughtUp;
      expect(seen.map((e) => e.data)).toEqual([{ n: 1 }]);
      await writer.append('thing-1', [event(2)], 0);
      await writer.append('thing-2', [event(3)], 'no_stream');
      const deadline = Date.now() + 5000;
      while (seen.length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      expect(seen.map((e) => e.data)).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
      expect(seen.map((e) => e.position)).toEqual([1, 2, 3]);
    } finally {
      await sub.stop();
      await reader.close();
      await writer.close();
    }
  });

  it('rejects a stale writer in another instance with the same expected revision', async () => {
    const path = tempFile();
    const one = new SqliteEventStore({ path });
    const two = new SqliteEventStore({ path });
    try {
      await one.append('thing-1', [event(1)], 'no_stream');
      await two.append('thing-1', [event(2)], 0);
      await expect(one.append('thing-1', [event(3)], 0)).rejects.toMatchObject({ code: 'concurrency_conflict' });
      expect((await one.readStream('thing-1')).map((e) => e.data)).toEqual([{ n: 1 }, { n: 2 }]);
    } finally {
      await one.close();
      await two.close();
    }
  });

  it('uses WAL with synchronous FULL by default and NORMAL when asked', async () => {
    const Database = (await import('better-sqlite3')).default;
    const path = tempFile();
    await new SqliteEventStore({ path }).close();
    const raw = new Database(path, { readonly: true });
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    raw.close();
    const full = new SqliteEventStore({ path });
    const normal = new SqliteEventStore({ path, synchronous: 'NORMAL' });
    expect(full.synchronousLevel()).toBe('FULL');
    expect(normal.synchronousLevel()).toBe('NORMAL');
    await full.close();
    await normal.close();
  });
});

/* count: what a rebuild shows as its total, without reading the events. */
describe('SqliteEventStore count', () => {
  it('answers how many events readAll would, for every kind of filter', async () => {
    const store = new SqliteEventStore({ path: ':memory:' });
    try {
      await store.append('alert-a1', [event(1), event(2)], 'no_stream');
      await store.append('alertGroup-x', [event(3)], 'no_stream');
      await store.append('alert-b2', [event(4)], 'no_stream');
      await store.append('alert', [event(5)], 'no_stream');
      const cases = [{}, { after: 2 }, { filter: { streamPrefixes: ['alert-'] } }, { after: 1, filter: { streamPrefixes: ['alert-'] } }, { filter: { streamPrefixes: ['alert'] } }, { filter: { streamPrefixes: ['alertGroup-', 'alert-b'] } }, { filter: { streamPrefixes: [] } }];
      for (const options of cases) expect(await store.count(options)).toBe((await store.readAll(options)).length);
      expect(await store.count()).toBe(5);
    } finally {
      await store.close();
    }
  });
});
