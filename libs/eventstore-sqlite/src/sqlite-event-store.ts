import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  AppendResult,
  CheckpointStore,
  EventEnvelope,
  EventHandler,
  EventStore,
  ExpectedRevision,
  Position,
  ReadAllOptions,
  RecordedEvent,
  StoreSubscription,
  SubscribeOptions,
  catchUpSubscription,
} from '@linchpin/eventsourcing';
import { BatchWriter, InThreadWriter, ThreadWriter } from './batch-writers';
import { EVENT_COLUMNS, EventRow, toRecordedPage } from './event-row';
import { SCHEMA } from './schema';
import { AppendWrite, BatchResult, Write, toStoreError } from './writer-protocol';

export interface SqliteEventStoreOptions {
  /** The database file; its directory is created when missing. */
  path: string;
  /**
   * FULL (default): an append that returned survives power loss. NORMAL: it survives a crash
   * of the process, but the last transactions may roll back on power loss. See README.md.
   */
  synchronous?: 'FULL' | 'NORMAL';
  /** How often subscriptions look for appends made by other processes. */
  pollIntervalMs?: number;
  /** Source of `recordedAt`; the wall clock by default. */
  now?: () => Date;
  /**
   * Told when the writer thread stops unexpectedly (its batch in flight is rejected, the next write
   * starts a new thread). A process warning by default.
   */
  onWriterStopped?: (error: Error) => void;
}

/** What this store has written since it was opened: read by GET /metrics (linchpin_store_*_total). */
export interface StoreWriteCounters {
  /** Appends that stored events (an append of already-stored ids writes nothing and is not counted). */
  appends: number;
  eventsWritten: number;
  /** UTF-8 bytes of the data and metadata JSON of the events written. */
  bytesWritten: number;
  /** Transactions committed that wrote something (appends or checkpoints): each one fsync of the WAL at FULL. */
  commits: number;
}

/** A write waiting for its batch; `size`: characters of JSON it carries, to cap a batch. */
interface QueuedWrite {
  write: Write | Omit<AppendWrite, 'recordedAt'>;
  size: number;
  events: number;
  resolve(result: AppendResult | undefined): void;
  reject(error: unknown): void;
}

/**
 * A batch never grows past these, so the writer thread's small heap always holds it
 * (a single write larger than that still goes, alone).
 */
const MAX_BATCH_WRITES = 1000;
const MAX_BATCH_CHARS = 4_000_000;

/**
 * The WHERE clause of a filter with `count` values. `category IN (...)` uses the category index; `instr(...) = 1` is an
 * exact, case-sensitive prefix test for other prefixes.
 */
const filterSql = (kind: 'category' | 'prefix', count: number): string => {
  if (count === 0) return '';
  const placeholders = Array.from({ length: count }, () => '?');
  return kind === 'category'
    ? `AND category IN (${placeholders.join(', ')})`
    : `AND (${placeholders.map(() => 'instr(stream, ?) = 1').join(' OR ')})`;
};

const prepareStatements = (db: Database.Database) => ({
  readStream: db
    .prepare<[string, number], EventRow>(`SELECT ${EVENT_COLUMNS} FROM events WHERE stream = ? AND revision >= ? ORDER BY revision`)
    .raw(true),
  loadCheckpoint: db.prepare<[string], { position: number }>('SELECT position FROM checkpoints WHERE name = ?'),
});

/**
 * The embedded EventStore: one SQLite file in WAL mode. The position is the rowid, so the
 * log is gap-free and ordered; every append is one savepoint of an IMMEDIATE transaction that
 * checks the expected revision and the already-stored ids before writing.
 *
 * Writes (appends, checkpoint saves) are committed by a writer thread on its own connection
 * (batch-writers.ts, commit-worker.js), so the fsync of a commit never blocks this event loop;
 * reads use this thread's connection, which sees every committed transaction (WAL).
 */
export class SqliteEventStore implements EventStore, CheckpointStore {
  private readonly db: Database.Database;
  private readonly listeners = new Set<(streams: readonly string[]) => void>();
  private readonly pollIntervalMs: number;
  private readonly now: () => Date;
  private readonly readAllStatements = new Map<string, Database.Statement<unknown[], EventRow>>();
  private readonly countStatements = new Map<string, Database.Statement<unknown[], { count: number }>>();
  private readonly statements: ReturnType<typeof prepareStatements>;
  private readonly writer: BatchWriter;
  private queue: QueuedWrite[] = [];
  private committing = false;
  private flushScheduled = false;
  private closed = false;
  private drainWaiters: (() => void)[] = [];
  private readonly counters: StoreWriteCounters = { appends: 0, eventsWritten: 0, bytesWritten: 0, commits: 0 };

  constructor(options: SqliteEventStoreOptions) {
    if (options.path !== ':memory:') mkdirSync(dirname(options.path), { recursive: true });
    this.pollIntervalMs = options.pollIntervalMs ?? 100;
    this.now = options.now ?? (() => new Date());
    const synchronous = options.synchronous === 'NORMAL' ? 'NORMAL' : 'FULL';
    this.db = new Database(options.path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma(`synchronous = ${synchronous}`);
    // Another process may hold the write lock for a moment: wait for it instead of failing.
    this.db.pragma('busy_timeout = 5000');
    // Before the writer opens its connection: it prepares its statements against these tables.
    this.db.exec(SCHEMA);
    this.statements = prepareStatements(this.db);
    const onWriterStopped = options.onWriterStopped ?? ((error: Error) => process.emitWarning(error.message, 'SqliteWriterStopped'));
    this.writer =
      options.path === ':memory:' ? new InThreadWriter(this.db) : new ThreadWriter({ path: options.path, synchronous }, onWriterStopped);
  }

  /**
   * Group commit: appends wait in a queue while a commit is in flight and go together as the next
   * transaction, so one fsync (with synchronous=FULL) serves them all and batches grow with load.
   * Each append is its own savepoint and resolves only after the commit, so an answered append is
   * durable, and one append's conflict never undoes another's.
   */
  append(stream: string, events: EventEnvelope[], expectedRevision: ExpectedRevision): Promise<AppendResult> {
    return new Promise((resolve, reject) => {
      let size = 0;
      const rows = events.map(({ id, type, schemaVersion, data, metadata }) => {
        // Serialised here, with this thread's JSON.stringify (toJSON and all), as it always was.
        const row = { id, type, schemaVersion, data: JSON.stringify(data), metadata: JSON.stringify(metadata) };
        // JSON.stringify(undefined) is undefined: the insert refuses it (NOT NULL), as it always did.
        size += (row.data ?? '').length + (row.metadata ?? '').length;
        return row;
      });
      this.enqueue({
        write: { kind: 'append', stream, events: rows, expected: expectedRevision },
        size,
        events: events.length,
        resolve: resolve as (result: AppendResult | undefined) => void,
        reject,
      });
    });
  }

  /** What this store has written since it was opened (appends, events, bytes, commits). */
  writeCounters(): StoreWriteCounters {
    return { ...this.counters };
  }

  private enqueue(queued: QueuedWrite): void {
    if (this.closed) {
      queued.reject(new Error('the SqliteEventStore is closed'));
      return;
    }
    this.queue.push(queued);
    this.scheduleFlush();
  }

  /** On the next turn, so the writes requested in this one go together. */
  private scheduleFlush(): void {
    if (this.committing || this.flushScheduled || this.queue.length === 0) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    if (this.committing || this.queue.length === 0) return;
    let count = 0;
    let chars = 0;
    while (count < this.queue.length && count < MAX_BATCH_WRITES && (count === 0 || chars + this.queue[count].size <= MAX_BATCH_CHARS)) {
      chars += this.queue[count].size;
      count += 1;
    }
    const batch = this.queue.splice(0, count);
    const recordedAt = this.now().toISOString();
    const writes = batch.map(({ write }): Write => (write.kind === 'append' ? { ...write, recordedAt } : write));
    this.committing = true;
    let result: BatchResult | undefined;
    try {
      result = await this.writer.commit(writes);
    } catch (error) {
      // The writer thread stopped (SqliteWriterStoppedError): the whole batch is rejected, loudly.
      batch.forEach((queued) => queued.reject(error));
    }
    this.committing = false;
    try {
      if (result) this.settle(batch, result);
    } finally {
      // Even past a listener that threw: the next batch, or a close, must not wait forever.
      this.afterCommit();
    }
  }

  private settle(batch: QueuedWrite[], result: BatchResult): void {
    if (!result.committed) {
      batch.forEach((queued) => queued.reject(toStoreError(result.error)));
      return;
    }
    const written: string[] = [];
    batch.forEach((queued, i) => {
      const outcome = result.outcomes[i];
      if (!outcome.ok) return queued.reject(toStoreError(outcome.error));
      if (outcome.result && !outcome.result.alreadyStored) {
        if (queued.write.kind === 'append') written.push(queued.write.stream);
        this.counters.appends += 1;
        this.counters.eventsWritten += queued.events;
        this.counters.bytesWritten += outcome.bytes;
      }
      queued.resolve(outcome.result);
    });
    if (result.wrote) this.counters.commits += 1;
    if (written.length > 0) this.listeners.forEach((listener) => listener(written));
  }

  /** The next batch (what queued during this commit), or the end of a drain. */
  private afterCommit(): void {
    if (this.queue.length > 0) return this.scheduleFlush();
    const waiters = this.drainWaiters;
    this.drainWaiters = [];
    waiters.forEach((done) => done());
  }

  async readStream(stream: string, fromRevision = 0): Promise<RecordedEvent[]> {
    return toRecordedPage(this.statements.readStream.all(stream, fromRevision));
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const filter = this.filterOf(options);
    if (!filter) return [];
    const rows = this.readAllStatement(filter.kind, filter.values.length).all(options.after ?? 0, ...filter.values, options.limit ?? -1);
    return toRecordedPage(rows);
  }

  /** How many events `readAll` would answer with no limit, counted by SQLite without reading one (a rebuild's total). */
  async count(options: Omit<ReadAllOptions, 'limit'> = {}): Promise<number> {
    const filter = this.filterOf(options);
    if (!filter) return 0;
    return this.countStatement(filter.kind, filter.values.length).get(options.after ?? 0, ...filter.values)!.count;
  }

  /** The filter as bound values; undefined when it keeps nothing. */
  private filterOf(options: Omit<ReadAllOptions, 'limit'>): { kind: 'category' | 'prefix'; values: string[] } | undefined {
    const prefixes = options.filter?.streamPrefixes ?? [];
    // A filter with no prefix keeps nothing (as in every other store); no filter keeps all.
    if (options.filter?.streamPrefixes && prefixes.length === 0) return undefined;
    // `<category>-` prefixes (what relays and projections use) go through the category index.
    const categories = prefixes.map((p) => /^([^-]+)-$/.exec(p)?.[1]);
    return categories.length > 0 && categories.every((c) => c !== undefined)
      ? { kind: 'category', values: categories as string[] }
      : { kind: 'prefix', values: prefixes };
  }

  subscribeAll(options: SubscribeOptions, handler: EventHandler): StoreSubscription {
    return catchUpSubscription(
      {
        readAll: (o) => this.readAll(o),
        onAppend: (listener) => this.onAppend(listener),
      },
      options,
      handler,
      this.pollIntervalMs,
    );
  }

  onAppend(listener: (streams: readonly string[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async load(name: string): Promise<Position | undefined> {
    return this.statements.loadCheckpoint.get(name)?.position;
  }

  /** A write like an append: through the writer (which holds the write lock), in the next group commit. */
  save(name: string, position: Position): Promise<void> {
    return new Promise((resolve, reject) => {
      this.enqueue({ write: { kind: 'checkpoint', name, position }, size: 0, events: 0, resolve: () => resolve(), reject });
    });
  }

  /** The durability level in force on this connection, as SQLite reports it. */
  synchronousLevel(): 'OFF' | 'NORMAL' | 'FULL' | 'EXTRA' {
    const level = this.db.pragma('synchronous', { simple: true }) as number;
    return (['OFF', 'NORMAL', 'FULL', 'EXTRA'] as const)[level];
  }

  /**
   * Refuses new writes, commits the queued ones (each answered as usual), then stops the writer
   * thread and closes the connection.
   */
  async close(): Promise<void> {
    this.closed = true;
    if (this.committing || this.queue.length > 0) await new Promise<void>((done) => this.drainWaiters.push(done));
    await this.writer.close();
    this.listeners.clear();
    if (this.db.open) this.db.close();
  }

  /**
   * One prepared statement per kind and number of filter values. `category IN (...)` uses the
   * category index; `instr(...) = 1` is an exact, case-sensitive prefix test for other prefixes.
   */
  private readAllStatement(kind: 'category' | 'prefix', count: number): Database.Statement<unknown[], EventRow> {
    const key = `${kind}:${count}`;
    let statement = this.readAllStatements.get(key);
    if (!statement) {
      statement = this.db
        .prepare<unknown[], EventRow>(`SELECT ${EVENT_COLUMNS} FROM events WHERE position > ? ${filterSql(kind, count)} ORDER BY position LIMIT ?`)
        .raw(true);
      this.readAllStatements.set(key, statement);
    }
    return statement;
  }

  private countStatement(kind: 'category' | 'prefix', count: number): Database.Statement<unknown[], { count: number }> {
    const key = `${kind}:${count}`;
    let statement = this.countStatements.get(key);
    if (!statement) {
      statement = this.db.prepare<unknown[], { count: number }>(`SELECT COUNT(*) AS count FROM events WHERE position > ? ${filterSql(kind, count)}`);
      this.countStatements.set(key, statement);
    }
    return statement;
  }
}
