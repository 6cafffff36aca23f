import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { ConcurrencyError, EventEnvelope, PartialDuplicateError, newId } from '@linchpin/eventsourcing';
import { SqliteWriterStoppedError } from './batch-writers';
import { SqliteEventStore } from './sqlite-event-store';

const tempDirs: string[] = [];
const tempFile = () => {
  const dir = mkdtempSync(join(tmpdir(), 'linchpin-writer-'));
  tempDirs.push(dir);
  return join(dir, 'events.db');
};

afterAll(() => tempDirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const event = (n: number, text = 'x'): EventEnvelope => ({
  id: newId(),
  type: 'Thing',
  schemaVersion: 1,
  data: { n, text },
  metadata: { correlationId: 'c', causationId: 'c', actor: 'system:test', occurredAt: '2026-01-01T00:00:00.000Z' },
});

const jsonBytes = (events: EventEnvelope[]) =>
  events.reduce((sum, e) => sum + Buffer.byteLength(JSON.stringify(e.data)) + Buffer.byteLength(JSON.stringify(e.metadata)), 0);

/** The store's writer thread, to stop it as a crash would. */
const writerThreadOf = (store: SqliteEventStore): Worker | undefined =>
  (store as unknown as { writer: { worker?: Worker } }).writer.worker;

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('SqliteEventStore writer thread', () => {
  it('lets the appends of many concurrent callers share commits, and counts appends, events, bytes and commits', async () => {
    const store = new SqliteEventStore({ path: tempFile() });
    try {
      const written: EventEnvelope[] = [];
      // 20 callers, each appending 10 times to its own stream, the next as soon as the last answered.
      const caller = async (c: number) => {
        for (let i = 0; i < 10; i++) {
          const events = [event(i, 'é'.repeat(c))];
          await store.append(`caller-${c}`, events, i === 0 ? 'no_stream' : i - 1);
          written.push(...events);
        }
      };
      await Promise.all(Array.from({ length: 20 }, (_, c) => caller(c)));

      expect(await store.readAll()).toHaveLength(200);
      const counters = store.writeCounters();
      expect(counters).toMatchObject({ appends: 200, eventsWritten: 200, bytesWritten: jsonBytes(written) });
      expect(counters.commits).toBeGreaterThan(0);
      expect(counters.commits).toBeLessThan(200);
    } finally {
      await store.close();
    }
  });

  it('brings conflicts back as the kernel\'s error classes with their fields, each undoing only its own append', async () => {
    const store = new SqliteEventStore({ path: tempFile() });
    try {
      const stored = [event(1)];
      await store.append('thing-1', stored, 'no_stream');
      const [conflict, partial, again, fresh] = await Promise.allSettled([
        store.append('thing-1', [event(2)], 'no_stream'),
        store.append('thing-1', [stored[0], event(3)], 0),
        store.append('thing-1', stored, 'no_stream'),
        store.append('thing-2', [event(4), event(5)], 'no_stream'),
      ]);

      const conflictError = (conflict as PromiseRejectedResult).reason;
      expect(conflictError).toBeInstanceOf(ConcurrencyError);
      expect(conflictError).toMatchObject({ code: 'concurrency_conflict', stream: 'thing-1', expected: 'no_stream', actual: '0' });
      const partialError = (partial as PromiseRejectedResult).reason;
      expect(partialError).toBeInstanceOf(PartialDuplicateError);
      expect(partialError).toMatchObject({ code: 'partial_duplicate', stream: 'thing-1' });
      expect(again).toEqual({ status: 'fulfilled', value: { nextExpectedRevision: 0, position: 1, alreadyStored: true } });
      expect(fresh).toEqual({ status: 'fulfilled', value: { nextExpectedRevision: 1, position: 3, alreadyStored: false } });
      expect((await store.readAll()).map((e) => e.streamId)).toEqual(['thing-1', 'thing-2', 'thing-2']);
      // The repeat wrote nothing and is not counted.
      expect(store.writeCounters()).toMatchObject({ appends: 2, eventsWritten: 3 });
    } finally {
      await store.close();
    }
  });

  it('brings an SQLite failure of one append back as an SqliteError with its code, the others stored', async () => {
    const store = new SqliteEventStore({ path: tempFile() });
    try {
      const broken = { ...event(1), type: null as unknown as string };
      const [failed, fine] = await Promise.allSettled([
        store.append('thing-1', [broken], 'no_stream'),
        store.append('thing-2', [event(2)], 'no_stream'),
      ]);
      const error = (failed as PromiseRejectedResult).reason;
      expect(error).toBeInstanceOf(Database.SqliteError);
      expect(error).toMatchObject({ code: 'SQLITE_CONSTRAINT_NOTNULL' });
      expect(fine.status).toBe('fulfilled');
      expect((await store.readAll()).map((e) => e.streamId)).toEqual(['thing-2']);
    } finally {
      await store.close();
    }
  });

  it('tells its listeners after a commit that stored events, not after one that only repeated stored ones', async () => {
    const store = new SqliteEventStore({ path: tempFile() });
    try {
      let calls = 0;
      store.onAppend(() => (calls += 1));
      const events = [event(1)];
      await store.append('thing-1', events, 'no_stream');
      expect(calls).toBe(1);
      await store.append('thing-1', events, 'no_stream');
      await store.save('relay', 1);
      expect(calls).toBe(1);
    } finally {
      await store.close();
    }
  });

  it('saves checkpoints through the writer, readable once saved, among appends in flight', async () => {
    const store = new SqliteEventStore({ path: tempFile() });
    try {
      const appends = Array.from({ length: 10 }, (_, i) => store.append(`thing-${i}`, [event(i)], 'no_stream'));
      await store.save('relay', 7);
      expect(await store.load('relay')).toBe(7);
      await Promise.all(appends);
      await store.save('relay', 10);
      expect(await store.load('relay')).toBe(10);
    } finally {
      await store.close();
    }
  });

  it('commits the appends still queued when closed, answers each, and refuses appends after', async () => {
    const path = tempFile();
    const store = new SqliteEventStore({ path });
    const appends = Array.from({ length: 30 }, (_, i) => store.append(`thing-${i}`, [event(i)], 'no_stream'));
    const save = store.save('relay', 30);
    await store.close();

    const outcomes = await Promise.allSettled([...appends, save]);
    expect(outcomes.every((o) => o.status === 'fulfilled')).toBe(true);
    await expect(store.append('thing-late', [event(99)], 'no_stream')).rejects.toThrow('closed');

    const reopened = new SqliteEventStore({ path });
    try {
      expect(await reopened.readAll()).toHaveLength(30);
      expect(await reopened.load('relay')).toBe(30);
    } finally {
      await reopened.close();
    }
  });

  it('rejects the appends in flight when its writer thread dies, reports it, and writes again with a new thread', async () => {
    const stops: Error[] = [];
    const store = new SqliteEventStore({ path: tempFile(), onWriterStopped: (error) => stops.push(error) });
    try {
      const events = [event(1)];
      const inFlight = store.append('thing-1', events, 'no_stream');
      await nextTurn(); // the batch has gone to a thread that is still starting
      await writerThreadOf(store)!.terminate();

      await expect(inFlight).rejects.toBeInstanceOf(SqliteWriterStoppedError);
      expect(stops).toHaveLength(1);
      expect(stops[0]).toBeInstanceOf(SqliteWriterStoppedError);
      // Retried with the same ids: stored once, whatever the dead thread did.
      await expect(store.append('thing-1', events, 'no_stream')).resolves.toMatchObject({ position: 1 });
      expect(await store.readStream('thing-1')).toHaveLength(1);
    } finally {
      await store.close();
    }
  });

  it('starts no writer thread before the first write', async () => {
    const store = new SqliteEventStore({ path: tempFile() });
    try {
      await store.readAll();
      await store.load('relay');
      expect(writerThreadOf(store)).toBeUndefined();
      await store.append('thing-1', [event(1)], 'no_stream');
      expect(writerThreadOf(store)).toBeDefined();
    } finally {
      await store.close();
    }
  });

  it('writes a \':memory:\' database on the caller\'s thread, with the same answers and counters', async () => {
    const store = new SqliteEventStore({ path: ':memory:' });
    try {
      const events = [event(1), event(2)];
      await expect(store.append('thing-1', events, 'no_stream')).resolves.toEqual({ nextExpectedRevision: 1, position: 2, alreadyStored: false });
      await expect(store.append('thing-1', [event(3)], 'no_stream')).rejects.toBeInstanceOf(ConcurrencyError);
      await store.save('relay', 2);
      expect(await store.load('relay')).toBe(2);
      expect(writerThreadOf(store)).toBeUndefined();
      expect(store.writeCounters()).toEqual({ appends: 1, eventsWritten: 2, bytesWritten: jsonBytes(events), commits: 2 });
    } finally {
      await store.close();
    }
  });
});
