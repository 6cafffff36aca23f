import {
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  Position as EsdbPosition,
  StreamNotFoundError,
  WrongExpectedVersionError,
  jsonEvent,
  streamNameFilter,
} from '@eventstore/db-client';
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
} from '@linchpin/eventsourcing';
import {
  CHECKPOINT_PREFIX,
  checkpointStream,
  fromCurrent,
  fromPosition,
  inLog,
  toEventData,
  toExpected,
  toPosition,
  toRecorded,
} from './esdb-mapping';
import { esdbSubscription } from './esdb-subscription';

export interface EsdbEventStoreOptions {
  /** e.g. `esdb://localhost:2113?tls=false` */
  connectionString: string;
  /** Events read per round trip by readAll. */
  pageSize?: number;
}

const CHECKPOINT_TYPE = 'CheckpointSaved';

/**
 * EventStore on EventStoreDB / KurrentDB. Positions are commit positions: ordered and unique
 * but not contiguous. Revisions are numbers (a stream never holds 2^53 events).
 */
export class EsdbEventStore implements EventStore, CheckpointStore {
  private readonly client: EventStoreDBClient;
  private readonly pageSize: number;
  private readonly cappedCheckpoints = new Set<string>();

  constructor(options: EsdbEventStoreOptions) {
    this.client = EventStoreDBClient.connectionString(options.connectionString);
    this.pageSize = options.pageSize ?? 500;
  }

  async append(stream: string, events: EventEnvelope[], expectedRevision: ExpectedRevision): Promise<AppendResult> {
    // The server's own idempotency only covers a retry with the same expected revision, so a
    // redelivered reaction (new expected revision, same ids) is recognised here.
    const stored = await this.alreadyStored(stream, events);
    if (stored) return stored;
    try {
      const result = await this.client.appendToStream(stream, events.map(toEventData), {
        expectedRevision: toExpected(expectedRevision),
      });
      return {
        nextExpectedRevision: Number(result.nextExpectedRevision),
        position: toPosition(result.position),
        alreadyStored: false,
      };
    } catch (error) {
      if (!(error instanceof WrongExpectedVersionError)) throw error;
      // A concurrent writer may have stored these very events between our check and our append.
      const raced = await this.alreadyStored(stream, events);
      if (raced) return raced;
      throw new ConcurrencyError(stream, String(expectedRevision), fromCurrent(error.actualVersion));
    }
  }

  async readStream(stream: string, fromRevision = 0): Promise<RecordedEvent[]> {
    const out: RecordedEvent[] = [];
    try {
      for await (const resolved of this.client.readStream(stream, {
        fromRevision: BigInt(fromRevision),
        direction: FORWARDS,
      })) {
        if (resolved.event) out.push(toRecorded(resolved.event));
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
    return out;
  }

  /**
   * `$all` read forwards in pages, keeping Linchpin's streams that match the filter. The client
   * (6.x) has no server-side filter for reads, so filtering happens here.
   */
  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const limit = options.limit ?? Infinity;
    const out: RecordedEvent[] = [];
    let from = fromPosition(options.after);
    let after = options.after ?? -1;
    while (out.length < limit) {
      let read = 0;
      let last: EsdbPosition | undefined;
      for await (const resolved of this.client.readAll({ fromPosition: from, maxCount: this.pageSize, direction: FORWARDS })) {
        read++;
        const event = resolved.event;
        if (!event) continue;
        last = event.position;
        const position = toPosition(event.position);
        // Reads start at `from` inclusive; `after` is exclusive.
        if (position <= after) continue;
        after = position;
        if (inLog(event.streamId, options.filter) && out.length < limit) out.push(toRecorded(event));
      }
      if (read < this.pageSize || !last) break;
      from = last;
    }
    return out;
  }

  subscribeAll(options: SubscribeOptions, handler: EventHandler): StoreSubscription {
    const prefixes = options.filter?.streamPrefixes;
    const filter =
      prefixes && prefixes.length > 0
        ? streamNameFilter({ prefixes })
        : streamNameFilter({ regex: `^(?!\\$|${CHECKPOINT_PREFIX})` });
    return esdbSubscription(this.client, options, filter, handler, () => this.endOfLog());
  }

  async load(name: string): Promise<Position | undefined> {
    try {
      for await (const resolved of this.client.readStream<{ type: string; data: { position: number } }>(
        checkpointStream(name),
        { direction: BACKWARDS, fromRevision: END, maxCount: 1 },
      )) {
        if (resolved.event?.type === CHECKPOINT_TYPE) return resolved.event.data.position;
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return undefined;
      throw error;
    }
    return undefined;
  }

  async save(name: string, position: Position): Promise<void> {
    const stream = checkpointStream(name);
    await this.client.appendToStream(stream, toCheckpointEvent(position));
    if (!this.cappedCheckpoints.has(stream)) {
      // Only the newest checkpoint matters: let the server scavenge the older ones.
      await this.client.setStreamMetadata(stream, { maxCount: 1 });
      this.cappedCheckpoints.add(stream);
    }
  }

  async close(): Promise<void> {
    await this.client.dispose();
  }

  private async alreadyStored(stream: string, events: EventEnvelope[]): Promise<AppendResult | undefined> {
    if (events.length === 0) return undefined;
    const wanted = new Set(events.map((e) => e.id));
    const history = await this.readStream(stream);
    const found = new Map(history.filter((e) => wanted.has(e.id)).map((e) => [e.id, e]));
    if (found.size === 0) return undefined;
    if (found.size !== wanted.size) throw new PartialDuplicateError(stream);
    return {
      nextExpectedRevision: history[history.length - 1].revision,
      position: found.get(events[events.length - 1].id)!.position,
      alreadyStored: true,
    };
  }

  /** Position of the last event in `$all` when a subscription starts (for servers without caught-up signals). */
  private async endOfLog(): Promise<Position | undefined> {
    for await (const resolved of this.client.readAll({ fromPosition: END, direction: BACKWARDS, maxCount: 1 })) {
      if (resolved.event) return toPosition(resolved.event.position);
    }
    return undefined;
  }
}

const toCheckpointEvent = (position: Position) => jsonEvent({ type: CHECKPOINT_TYPE, data: { position } });
