import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  AppendResult,
  CheckpointStore,
  ConcurrencyError,
  EventEnvelope,
  EventHandler,
  EventStore,
  ExpectedRevision,
  PartialDuplicateError,
  Position,
  ReadAllOptions,
  RecordedEvent,
  StoreSubscription,
  SubscribeOptions,
  catchUpSubscription,
} from '@linchpin/eventsourcing';
import { EVENT_COLUMNS, EventRow, toRecordedPage } from './event-row';
import { SCHEMA } from './schema';

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
}

interface PendingAppend {
  stream: string;
  events: EventEnvelope[];
  expectedRevision: ExpectedRevision;
  resolve(result: AppendResult): void;
  reject(error: unknown): void;
}

interface StoredId {
  stream: string;
  position: number;
}

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

/** The part before the first `-`; empty for a stream without one, so no category filter matches it. */
const categoryColumnOf = (stream: string): string => {
  const dash = stream.indexOf('-');
  return dash < 0 ? '' : stream.slice(0, dash);
};

const prepareStatements = (db: Database.Database) => ({
  findId: db.prepare<[string], StoredId>('SELECT stream, position FROM events WHERE id = ?'),
  lastRevision: db.prepare<[string], { revision: number | null }>(
    'SELECT MAX(revision) AS revision FROM events WHERE stream = ?',
  ),
  insert: db.prepare(
    `INSERT INTO events (id, stream, category, revision, type, schema_version, data, metadata, recorded_at)
     VALUES (@id, @stream, @category, @revision, @type, @schemaVersion, @data, @metadata, @recordedAt)`,
  ),
  readStream: db
    .prepare<[string, number], EventRow>(`SELECT ${EVENT_COLUMNS} FROM events WHERE stream = ? AND revision >= ? ORDER BY revision`)
    .raw(true),
  loadCheckpoint: db.prepare<[string], { position: number }>('SELECT position FROM checkpoints WHERE name = ?'),
  saveCheckpoint: db.prepare(
    `INSERT INTO checkpoints (name, position) VALUES (?, ?)
     ON CONFLICT (name) DO UPDATE SET position = excluded.position`,
  ),
});

/**
 * The embedded EventStore: one SQLite file in WAL mode. The position is the rowid, so the
 * log is gap-free and ordered; every append is one IMMEDIATE transaction that checks the
 * expected revision and the already-stored ids before writing.
 */
export class SqliteEventStore implements EventStore, CheckpointStore {
  private readonly db: Database.Database;
  private readonly listeners = new Set<() => void>();
  private readonly pollIntervalMs: number;
  private readonly now: () => Date;
  private readonly readAllStatements = new Map<string, Database.Statement<unknown[], EventRow>>();
  private readonly countStatements = new Map<string, Database.Statement<unknown[], { count: number }>>();
  private readonly statements: ReturnType<typeof prepareStatements>;
  private pending: PendingAppend[] = [];
  private readonly batchTransaction: Database.Transaction<(work: () => void) => void>;
  private readonly appendTransaction: Database.Transaction<
    (stream: string, events: EventEnvelope[], expected: ExpectedRevision) => AppendResult
  >;

  constructor(options: SqliteEventStoreOptions) {
    if (options.path !== ':memory:') mkdirSync(dirname(options.path), { recursive: true });
    this.pollIntervalMs = options.pollIntervalMs ?? 100;
    this.now = options.now ?? (() => new Date());
    this.db = new Database(options.path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma(`synchronous = ${options.synchronous === 'NORMAL' ? 'NORMAL' : 'FULL'}`);
    // Another process may hold the write lock for a moment: wait for it instead of failing.
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(SCHEMA);

    this.statements = prepareStatements(this.db);
    this.batchTransaction = this.db.transaction((work: () => void) => work());
    // Called inside the batch transaction, this runs as a savepoint of its own.
    this.appendTransaction = this.db.transaction((stream: string, events: EventEnvelope[], expected: ExpectedRevision) =>
      this.appendInTransaction(stream, events, expected),
    );
  }

  /**
   * Group commit: appends requested in the same turn of the event loop share one transaction,
   * so one fsync (with synchronous=FULL) serves them all. Each append is its own savepoint and
   * resolves only after the commit, so an answered append is as durable as before, and one
   * append's conflict never undoes another's.
   */
  append(stream: string, events: EventEnvelope[], expectedRevision: ExpectedRevision): Promise<AppendResult> {
    return new Promise((resolve, reject) => {
      this.pending.push({ stream, events, expectedRevision, resolve, reject });
      if (this.pending.length === 1) setImmediate(() => this.commitPending());
    });
  }

  private commitPending(): void {
    const batch = this.pending;
    this.pending = [];
    const outcomes: ({ ok: AppendResult } | { error: unknown })[] = [];
    try {
      // IMMEDIATE takes the write lock up front, so two processes never both pass the checks.
      this.batchTransaction.immediate(() => {
        for (const { stream, events, expectedRevision } of batch) {
          try {
            outcomes.push({ ok: this.appendTransaction(stream, events, expectedRevision) });
          } catch (error) {
            outcomes.push({ error });
          }
        }
      });
    } catch (error) {
      batch.forEach((append) => append.reject(error));
      return;
    }
    batch.forEach((append, i) => {
      const outcome = outcomes[i];
      if ('ok' in outcome) append.resolve(outcome.ok);
      else append.reject(outcome.error);
    });
    if (outcomes.some((o) => 'ok' in o && !o.ok.alreadyStored)) this.listeners.forEach((listener) => listener());
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

  onAppend(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async load(name: string): Promise<Position | undefined> {
    return this.statements.loadCheckpoint.get(name)?.position;
  }

  async save(name: string, position: Position): Promise<void> {
    this.statements.saveCheckpoint.run(name, position);
  }

  /** The durability level in force on this connection, as SQLite reports it. */
  synchronousLevel(): 'OFF' | 'NORMAL' | 'FULL' | 'EXTRA' {
    const level = this.db.pragma('synchronous', { simple: true }) as number;
    return (['OFF', 'NORMAL', 'FULL', 'EXTRA'] as const)[level];
  }

  async close(): Promise<void> {
    this.listeners.clear();
    if (this.db.open) this.db.close();
  }

  private appendInTransaction(stream: string, events: EventEnvelope[], expected: ExpectedRevision): AppendResult {
    const last = this.statements.lastRevision.get(stream)?.revision ?? null;
    const stored = events.map((e) => this.statements.findId.get(e.id));
    if (stored.some((s) => s !== undefined)) {
      if (stored.some((s) => s === undefined || s.stream !== stream)) throw new PartialDuplicateError(stream);
      return {
        nextExpectedRevision: last ?? -1,
        position: stored[stored.length - 1]!.position,
        alreadyStored: true,
      };
    }
    const actual = last === null ? 'no_stream' : last;
    if (expected !== 'any' && expected !== actual) {
      throw new ConcurrencyError(stream, String(expected), String(actual));
    }
    const recordedAt = this.now().toISOString();
    const category = categoryColumnOf(stream);
    let revision = last ?? -1;
    let position = 0;
    for (const event of events) {
      revision += 1;
      const info = this.statements.insert.run({
        id: event.id,
        stream,
        category,
        revision,
        type: event.type,
        schemaVersion: event.schemaVersion,
        data: JSON.stringify(event.data),
        metadata: JSON.stringify(event.metadata),
        recordedAt,
      });
      position = Number(info.lastInsertRowid);
    }
    return { nextExpectedRevision: revision, position, alreadyStored: false };
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
