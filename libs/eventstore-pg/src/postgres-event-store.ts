import { Pool, PoolClient, QueryResult, QueryResultRow } from 'pg';
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
import { EVENT_COLUMNS, EventRow, countQuery, readAllQuery, toRecorded } from './event-rows';
import { Leases } from './leases';
import { isUnreachable, rethrowUnavailable } from './unavailable';
import { appendLockKey, migrationLockKey } from './lock-keys';
import { assertPlainIdentifier, schemaDdl } from './schema';

export interface PostgresEventStoreOptions {
  /** A libpq connection string (`postgres://user@host:5432/db`). */
  connectionString: string;
  /** The schema holding this store's tables (a plain identifier); created when missing. */
  schema: string;
  /** How often subscriptions look for appends made by other processes (100 ms by default). */
  pollIntervalMs?: number;
  /** Connections in the pool (10 by default); leases use one more, of their own. */
  poolSize?: number;
}

/** node-postgres's code for a unique violation. */
const UNIQUE_VIOLATION = '23505';

/**
 * The EventStore and CheckpointStore on PostgreSQL (node-postgres 8.x), every table in one schema.
 *
 * Global order: each append holds a transaction-level advisory lock of its schema while it takes
 * its positions and commits, so positions commit in increasing order and a reader never sees a
 * position before a lower one that commits later (README.md, "Global order"). The same lock makes
 * the checks of an append (stored ids, then the expected revision) race-free; the unique
 * (stream_name, revision) stays as the last guard.
 */
export class PostgresEventStore implements EventStore, CheckpointStore {
  /** Replicas of a service share its schema. */
  readonly shared = true;
  private readonly pool: Pool;
  private readonly schema: string;
  private readonly table: string;
  private readonly pollIntervalMs: number;
  private readonly listeners = new Set<(streams: readonly string[]) => void>();
  private readonly subscriptions = new Set<StoreSubscription>();
  private readonly leases: Leases;
  private ready: Promise<void> | undefined;
  private closed = false;

  constructor(options: PostgresEventStoreOptions) {
    assertPlainIdentifier(options.schema, 'The PostgreSQL schema');
    this.schema = options.schema;
    this.table = `${options.schema}.events`;
    this.pollIntervalMs = options.pollIntervalMs ?? 100;
    this.pool = new Pool({ connectionString: options.connectionString, max: options.poolSize ?? 10 });
    // An idle pooled connection that dies (server restart, terminated backend) is replaced on the
    // next checkout; without a listener its error would end the process.
    this.pool.on('error', () => undefined);
    this.leases = new Leases({ connectionString: options.connectionString }, options.schema);
  }

  /**
   * Connects and creates the schema's tables when missing. Every operation does it first, once per
   * instance (a failure is tried again by the next one); a caller may call it at start-up to fail early.
   */
  migrate(): Promise<void> {
    return this.migrated();
  }

  private migrated(): Promise<void> {
    if (this.closed) return Promise.reject(new Error('the PostgresEventStore is closed'));
    this.ready ??= this.inTransaction(async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1::bigint)', [migrationLockKey(this.schema)]);
      await client.query(schemaDdl(this.schema));
    }).catch((error: unknown) => {
      this.ready = undefined;
      throw error;
    });
    return this.ready;
  }

  private async inTransaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect().catch(rethrowUnavailable);
    // A checked-out connection whose server goes away between two queries emits 'error': unheard, that
    // would end the process (a PostgreSQL restart must not). The next query fails, and the pool drops it.
    let lost: Error | undefined;
    const onLost = (error: Error) => (lost = error);
    client.on('error', onLost);
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      lost ??= isUnreachable(error) ? (error as Error) : undefined;
      return rethrowUnavailable(error);
    } finally {
      client.removeListener('error', onLost);
      client.release(lost);
    }
  }

  async append(stream: string, events: EventEnvelope[], expectedRevision: ExpectedRevision): Promise<AppendResult> {
    await this.migrated();
    // Serialised here, with JSON.stringify's own rules (toJSON and all), as the other stores do.
    const data = events.map((e) => JSON.stringify(e.data));
    const metadata = events.map((e) => JSON.stringify(e.metadata));
    const ids = events.map((e) => e.id);
    const result = await this.inTransaction(async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1::bigint)', [appendLockKey(this.schema)]);
      const last = await this.lastRevision(client, stream);
      const stored = await client.query<{ id: string; stream_name: string; position: string }>(
        `SELECT id, stream_name, position FROM ${this.table} WHERE id = ANY($1::text[])`,
        [ids],
      );
      if (stored.rows.length > 0) {
        // Every id stored, in this stream: a retry of an append that was done. Anything else mixes.
        const byId = new Map(stored.rows.map((row) => [row.id, row]));
        if (ids.some((id) => byId.get(id)?.stream_name !== stream)) throw new PartialDuplicateError(stream);
        return { nextExpectedRevision: last ?? -1, position: Number(byId.get(ids[ids.length - 1])!.position), alreadyStored: true };
      }
      const actual = last === undefined ? 'no_stream' : last;
      if (expectedRevision !== 'any' && expectedRevision !== actual) {
        throw new ConcurrencyError(stream, String(expectedRevision), String(actual));
      }
      const first = (last ?? -1) + 1;
      // One statement for the whole append; ORDER BY the array index so positions follow the events' order.
      const inserted = await client.query<{ position: string }>(
        `INSERT INTO ${this.table} (id, stream_name, revision, type, schema_version, data, metadata)
         SELECT e.id, $2, $3 + e.n - 1, e.type, e.schema_version, e.data, e.metadata
         FROM unnest($1::text[], $4::text[], $5::int[], $6::text[], $7::text[]) WITH ORDINALITY
           AS e(id, type, schema_version, data, metadata, n)
         ORDER BY e.n
         RETURNING position`,
        [ids, stream, first, events.map((e) => e.type), events.map((e) => e.schemaVersion), data, metadata],
      );
      // No events (nothing decided): position 0, as the SQLite store answers.
      const position = inserted.rows.reduce((max, row) => Math.max(max, Number(row.position)), 0);
      return { nextExpectedRevision: first + events.length - 1, position, alreadyStored: false };
    }).catch((error: unknown) => {
      // Only a writer that bypassed the append lock can get here: still the kernel's conflict.
      if ((error as { code?: string; constraint?: string }).code === UNIQUE_VIOLATION && /stream_name/.test(String((error as { constraint?: string }).constraint))) {
        throw new ConcurrencyError(stream, String(expectedRevision), 'changed concurrently');
      }
      throw error;
    });
    if (!result.alreadyStored) this.listeners.forEach((listener) => listener([stream]));
    return result;
  }

  /** The revision of the stream's last event, from the (stream_name, revision) index: never the whole stream. */
  private async lastRevision(client: PoolClient, stream: string): Promise<number | undefined> {
    const { rows } = await client.query<{ revision: number }>(
      `SELECT revision FROM ${this.table} WHERE stream_name = $1 ORDER BY revision DESC LIMIT 1`,
      [stream],
    );
    return rows[0]?.revision;
  }

  private query<R extends QueryResultRow>(text: string, values: unknown[]): Promise<QueryResult<R>> {
    return this.pool.query<R>(text, values).catch(rethrowUnavailable);
  }

  async readStream(stream: string, fromRevision = 0): Promise<RecordedEvent[]> {
    await this.migrated();
    const { rows } = await this.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM ${this.table} WHERE stream_name = $1 AND revision >= $2 ORDER BY revision`,
      [stream, fromRevision],
    );
    return rows.map(toRecorded);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    await this.migrated();
    const query = readAllQuery(this.table, options.after ?? 0, options.filter, options.limit);
    if (!query) return [];
    const { rows } = await this.query<EventRow>(query.text, query.values);
    return rows.map(toRecorded);
  }

  async count(options: Omit<ReadAllOptions, 'limit'> = {}): Promise<number> {
    await this.migrated();
    const query = countQuery(this.table, options.after ?? 0, options.filter);
    if (!query) return 0;
    const { rows } = await this.query<{ count: number }>(query.text, query.values);
    return rows[0].count;
  }

  subscribeAll(options: SubscribeOptions, handler: EventHandler): StoreSubscription {
    const subscription = catchUpSubscription(
      { readAll: (o) => this.readAll(o), onAppend: (listener) => this.onAppend(listener) },
      options,
      handler,
      this.pollIntervalMs,
    );
    this.subscriptions.add(subscription);
    return {
      caughtUp: subscription.caughtUp,
      stop: async () => {
        this.subscriptions.delete(subscription);
        await subscription.stop();
      },
    };
  }

  onAppend(listener: (streams: readonly string[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  holdLease(name: string): Promise<boolean> {
    return this.leases.hold(name);
  }

  async load(name: string): Promise<Position | undefined> {
    await this.migrated();
    const { rows } = await this.query<{ position: string }>(`SELECT position FROM ${this.schema}.checkpoints WHERE name = $1`, [name]);
    return rows.length > 0 ? Number(rows[0].position) : undefined;
  }

  async save(name: string, position: Position): Promise<void> {
    await this.migrated();
    await this.query(
      `INSERT INTO ${this.schema}.checkpoints (name, position) VALUES ($1, $2)
       ON CONFLICT (name) DO UPDATE SET position = excluded.position`,
      [name, position],
    );
  }

  /** Stops the subscriptions (their polling with them), ends the leases' session (releasing them) and the pool. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.subscriptions].map((s) => s.stop()));
    this.subscriptions.clear();
    this.listeners.clear();
    await this.leases.close();
    await this.ready?.catch(() => undefined);
    await this.pool.end();
  }
}
