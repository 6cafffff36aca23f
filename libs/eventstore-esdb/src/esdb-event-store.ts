import {
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  Position as EsdbPosition,
  RecordedEvent as EsdbRecordedEvent,
  StreamNotFoundError,
  WrongExpectedVersionError,
  jsonEvent,
  streamNameFilter,
} from '@eventstore/db-client';
import {
  AppendResult,
  CheckpointStore,
  Clock,
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
  systemClock,
} from '@linchpin/eventsourcing';
import { EsdbClient } from './esdb-client';
import { EsdbLeases } from './esdb-leases';
import {
  CHECKPOINT_TYPE,
  RESERVED_PREFIX,
  checkpointStream,
  fromCurrent,
  fromPosition,
  inFilteredLog,
  isLinchpinRecord,
  legacyCheckpointStream,
  toEventData,
  toExpected,
  toPosition,
  toRecorded,
} from './esdb-mapping';
import { esdbSubscription } from './esdb-subscription';
import { rethrowUnavailable } from './unavailable';
import { KnownStream, KnownStreamIds, ReadRecord } from './known-stream-ids';
import { ScannedRanges, filterKey } from './scanned-ranges';

export interface EsdbEventStoreOptions {
  /** e.g. `esdb://localhost:2113?tls=false` */
  connectionString: string;
  /** Events read per round trip by readAll. */
  pageSize?: number;
  /** Streams whose event ids are remembered so appends need no read (least recently used forgotten first). */
  knownStreams?: number;
  /** The client to use instead of one made from the connection string (unit tests pass a fake). */
  client?: EsdbClient;
  /**
   * How long a lease (`holdLease`) outlives its holder's last renewal, default 10 s: a holder that
   * dies without closing leaves its work undone that long. It must exceed the replicas' clock skew
   * plus a third of itself plus the work a caller does between two calls (README: "Leases").
   */
  leaseTtlMs?: number;
  /** The clock leases are timed by (tests pass a manual one). */
  clock?: Clock;
}

export const DEFAULT_LEASE_TTL_MS = 10_000;

/**
 * EventStore on EventStoreDB / KurrentDB. Positions are commit positions: ordered and unique
 * but not contiguous. Revisions are numbers (a stream never holds 2^53 events).
 */
export class EsdbEventStore implements EventStore, CheckpointStore {
  readonly shared = true;
  private readonly client: EsdbClient;
  private readonly pageSize: number;
  private readonly cappedCheckpoints = new Set<string>();
  private readonly scanned = new ScannedRanges();
  private readonly known: KnownStreamIds;
  private readonly leases: EsdbLeases;

  constructor(options: EsdbEventStoreOptions) {
    const ttl = options.leaseTtlMs ?? DEFAULT_LEASE_TTL_MS;
    if (!(ttl > 0 && Number.isFinite(ttl))) throw new RangeError(`leaseTtlMs must be a positive number of milliseconds, not ${ttl}`);
    this.client = options.client ?? EventStoreDBClient.connectionString(options.connectionString);
    this.pageSize = options.pageSize ?? 500;
    this.known = new KnownStreamIds(options.knownStreams);
    this.leases = new EsdbLeases(this.client, ttl, options.clock ?? systemClock);
  }

  /**
   * Appends with the expected revision, recognising redelivered event ids. The server's own
   * idempotence does not cover them: with the current revision it appends them again, and when
   * it does recognise them (a stale revision) it answers as for a new write. So the ids are
   * checked against the stream's known ids, which need no read when they end at the expected
   * revision (the stream was just read or written here); otherwise, and after a
   * WrongExpectedVersionError, only the part of the stream not yet known is read.
   */
  append(stream: string, events: EventEnvelope[], expectedRevision: ExpectedRevision): Promise<AppendResult> {
    return this.appendNow(stream, events, expectedRevision).catch(rethrowUnavailable);
  }

  private async appendNow(stream: string, events: EventEnvelope[], expectedRevision: ExpectedRevision): Promise<AppendResult> {
    const expected = expectedRevision === 'no_stream' ? -1 : expectedRevision;
    let known = this.known.get(stream);
    if (events.length > 0 && known?.revision !== expected) known = await this.readUnknown(stream);
    const stored = known && (await this.storedAnswer(stream, events, known));
    if (stored) return stored;
    try {
      const result = await this.client.appendToStream(stream, events.map(toEventData), {
        expectedRevision: toExpected(expectedRevision),
      });
      const appended = {
        nextExpectedRevision: Number(result.nextExpectedRevision),
        position: toPosition(result.position),
        alreadyStored: false,
      };
      this.known.appended(
        stream,
        events.map((e) => e.id),
        appended.nextExpectedRevision,
        appended.position,
      );
      return appended;
    } catch (error) {
      if (!(error instanceof WrongExpectedVersionError)) throw error;
      // A concurrent writer may have stored these very events: they can only be in what is not yet known.
      const now = await this.readUnknown(stream);
      const raced = await this.storedAnswer(stream, events, now);
      if (raced) return raced;
      throw new ConcurrencyError(stream, String(expectedRevision), fromCurrent(error.actualVersion));
    }
  }

  readStream(stream: string, fromRevision?: number): Promise<RecordedEvent[]> {
    return this.readStreamNow(stream, fromRevision).catch(rethrowUnavailable);
  }

  private async readStreamNow(stream: string, fromRevision = 0): Promise<RecordedEvent[]> {
    const { records, exists } = await this.readRecords(stream, fromRevision);
    this.known.read(stream, fromRevision, records.map(readRecord), exists);
    return records.filter(isLinchpinRecord).map(toRecorded);
  }

  /**
   * `$all` read forwards in pages, keeping Linchpin's records in streams that match the filter.
   * The client (6.x) has no server-side filter for reads, so filtering happens here, and each
   * filter remembers how far it scanned: a read after a position it already scanned past without
   * a match resumes from there, so an idle poll reads only what was written since the last one.
   */
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]> {
    return this.readAllNow(options).catch(rethrowUnavailable);
  }

  private async readAllNow(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const limit = options.limit ?? Infinity;
    if (limit <= 0 || options.filter?.streamPrefixes?.length === 0) return [];
    const key = filterKey(options.filter);
    const requested = options.after ?? -1;
    // Exclusive: the last position read (or known to hold nothing the filter keeps).
    let after = this.scanned.resumeFrom(key, requested);
    // Nothing the filter keeps lies in (clear, scanned].
    let clear = requested;
    let scanned = after;
    let from = fromPosition(after < 0 ? undefined : after);
    let full = false;
    const out: RecordedEvent[] = [];
    for (;;) {
      let read = 0;
      let last: EsdbPosition | undefined;
      for await (const resolved of this.client.readAll({ fromPosition: from, maxCount: this.pageSize, direction: FORWARDS })) {
        read++;
        const event = resolved.event;
        if (!event) continue;
        last = event.position;
        const position = toPosition(event.position);
        // Reads start at `from` inclusive; `after` is exclusive. Past the limit the page is only drained.
        if (position <= after || full) continue;
        after = position;
        scanned = position;
        if (!inFilteredLog(event, options.filter)) continue;
        out.push(toRecorded(event));
        clear = position;
        full = out.length >= limit;
      }
      if (full || read < this.pageSize || !last) break;
      from = last;
    }
    this.scanned.record(key, clear, scanned);
    return out;
  }

  subscribeAll(options: SubscribeOptions, handler: EventHandler): StoreSubscription {
    const prefixes = options.filter?.streamPrefixes;
    const filter =
      prefixes && prefixes.length > 0
        ? streamNameFilter({ prefixes })
        : streamNameFilter({ regex: `^(?!\\$|${RESERVED_PREFIX})` });
    return esdbSubscription(this.client, options, filter, handler, () => this.endOfLog());
  }

  /** The last checkpoint saved, or, before the first save under the current naming, the one saved under the old. */
  load(name: string): Promise<Position | undefined> {
    return this.loadNow(name).catch(rethrowUnavailable);
  }

  private async loadNow(name: string): Promise<Position | undefined> {
    return (await this.lastCheckpoint(checkpointStream(name))) ?? (await this.lastCheckpoint(legacyCheckpointStream(name)));
  }

  save(name: string, position: Position): Promise<void> {
    return this.saveNow(name, position).catch(rethrowUnavailable);
  }

  private async saveNow(name: string, position: Position): Promise<void> {
    const stream = checkpointStream(name);
    await this.client.appendToStream(stream, toCheckpointEvent(position));
    if (!this.cappedCheckpoints.has(stream)) {
      // Only the newest checkpoint matters: let the server scavenge the older ones.
      await this.client.setStreamMetadata(stream, { maxCount: 1 });
      this.cappedCheckpoints.add(stream);
    }
  }

  /**
   * A time-bounded lease in stream `__linchpin-lease-<name>` (esdb-leases.ts): the server has no
   * sessions, so a holder that dies keeps it until its TTL runs out by the others' clocks.
   */
  holdLease(name: string): Promise<boolean> {
    return this.leases.hold(name);
  }

  /** Releases the leases it holds (another instance takes them at once), then lets the client go. */
  async close(): Promise<void> {
    await this.leases.releaseAll();
    await this.client.dispose();
  }

  private async lastCheckpoint(stream: string): Promise<Position | undefined> {
    try {
      for await (const resolved of this.client.readStream(stream, { direction: BACKWARDS, fromRevision: END, maxCount: 1 })) {
        const event = resolved.event;
        if (event?.type === CHECKPOINT_TYPE && event.isJson) return (event.data as { position: number }).position;
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return undefined;
      throw error;
    }
    return undefined;
  }

  /** Every record of a stream from a revision, system and foreign ones included (they count in revisions). */
  private async readRecords(stream: string, fromRevision: number): Promise<{ records: EsdbRecordedEvent[]; exists: boolean }> {
    const records: EsdbRecordedEvent[] = [];
    try {
      for await (const resolved of this.client.readStream(stream, { fromRevision: BigInt(fromRevision), direction: FORWARDS })) {
        if (resolved.event) records.push(resolved.event);
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return { records: [], exists: false };
      throw error;
    }
    return { records, exists: true };
  }

  /** Reads the part of a stream whose ids are not known yet (all of it when nothing is known). */
  private async readUnknown(stream: string, from = (this.known.get(stream)?.revision ?? -1) + 1): Promise<KnownStream> {
    const { records, exists } = await this.readRecords(stream, from);
    // Forgotten meanwhile (least recently used): what came before `from` is unknown again, so all of it is read.
    return this.known.read(stream, from, records.map(readRecord), exists) ?? this.readUnknown(stream, 0);
  }

  /** `alreadyStored` when every id is in the known stream, PartialDuplicateError when only some are. */
  private async storedAnswer(stream: string, events: EventEnvelope[], known: KnownStream): Promise<AppendResult | undefined> {
    const found = events.filter((e) => known.ids.has(e.id));
    if (found.length === 0) return undefined;
    if (found.length !== events.length) throw new PartialDuplicateError(stream);
    const last = known.ids.get(events[events.length - 1].id) as { revision: number; position?: Position };
    return {
      nextExpectedRevision: known.revision,
      position: last.position ?? (await this.positionOf(stream, last.revision)),
      alreadyStored: true,
    };
  }

  /** Position of one stored event (an id recorded by an append of several, which answers the last one's only). */
  private async positionOf(stream: string, revision: number): Promise<Position> {
    for await (const resolved of this.client.readStream(stream, { fromRevision: BigInt(revision), direction: FORWARDS, maxCount: 1 })) {
      if (resolved.event) return toPosition(resolved.event.position);
    }
    throw new Error(`${stream}@${revision} is not readable`);
  }

  /** Position of the last event in `$all` when a subscription starts (for servers without caught-up signals). */
  private async endOfLog(): Promise<Position | undefined> {
    for await (const resolved of this.client.readAll({ fromPosition: END, direction: BACKWARDS, maxCount: 1 })) {
      if (resolved.event) return toPosition(resolved.event.position);
    }
    return undefined;
  }
}

const readRecord = (event: EsdbRecordedEvent): ReadRecord => ({ id: event.id, revision: Number(event.revision), position: toPosition(event.position) });

const toCheckpointEvent = (position: Position) => jsonEvent({ type: CHECKPOINT_TYPE, data: { position } });
