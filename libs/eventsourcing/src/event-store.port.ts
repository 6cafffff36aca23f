import { EventEnvelope, Position, RecordedEvent } from './event';

/**
 * `no_stream`: the stream must not exist; a number: the revision of the stream's last event;
 * `any`: no check.
 */
export type ExpectedRevision = number | 'no_stream' | 'any';

export interface AppendResult {
  /** Revision of the stream's last event after the append. */
  nextExpectedRevision: number;
  /** Position of the last event appended (or already stored). */
  position: Position;
  /** True when every event id was already stored: the append did nothing. */
  alreadyStored: boolean;
}

export interface LogFilter {
  /** Keep events whose stream name starts with one of these (e.g. `alert-`, `detection-`). */
  streamPrefixes?: string[];
}

export interface ReadAllOptions {
  /** Exclusive: read events after this position; omitted = from the start. */
  after?: Position;
  filter?: LogFilter;
  limit?: number;
}

export type EventHandler = (event: RecordedEvent) => Promise<void> | void;

export interface StoreSubscription {
  /** Stops delivering; resolves when the handler in flight, if any, has finished. */
  stop(): Promise<void>;
  /** Resolves once the catch-up phase has delivered every event stored when it began. */
  readonly caughtUp: Promise<void>;
}

export interface SubscribeOptions {
  after?: Position;
  filter?: LogFilter;
  /** Called when the subscription dies (handler threw, connection lost). */
  onError?: (error: unknown) => void;
}

/** The storage port (docs/architecture.md#storage). Every adapter passes the same contract suite. */
export interface EventStore {
  append(stream: string, events: EventEnvelope[], expectedRevision: ExpectedRevision): Promise<AppendResult>;
  /** Events of one stream from a revision (inclusive); empty when the stream does not exist. */
  readStream(stream: string, fromRevision?: number): Promise<RecordedEvent[]>;
  /** The global ordered log, filtered. */
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  /**
   * How many events `readAll` would answer with no limit, without reading them (a rebuild's progress total). A store
   * that cannot count cheaply leaves it out and callers page through `readAll`.
   */
  count?(options?: Omit<ReadAllOptions, 'limit'>): Promise<number>;
  /** Catch-up then live; events are delivered one at a time, in log order, never twice. */
  subscribeAll(options: SubscribeOptions, handler: EventHandler): StoreSubscription;
  /**
   * Calls `listener` with the streams written (without the events) after each commit of this
   * process's appends, before any of those appends resolves; returns the unsubscribe. A store that
   * cannot tell leaves it out and callers fall back to reading. It spares a relay that only needs
   * waking from reading every event twice, and a projection from reading when nothing it follows
   * was written.
   */
  onAppend?(listener: (streams: readonly string[]) => void): () => void;
  /**
   * True when other processes append to the same storage (replicas on one server): `onAppend` then
   * tells only part of what was written, so a projection reads at every query rather than trust it.
   */
  readonly shared?: boolean;
  /**
   * Takes or keeps the named lease, one holder at a time among every instance on the same storage
   * (replicas of a service on one server): true while this instance holds it. A holder that dies or
   * loses its connection loses the lease, and another instance's next call takes it: at once where
   * the lease lives with a session (PostgreSQL), once its time-to-live has run out where it is a
   * time-bounded claim (EventStoreDB). A holder that cannot reach the storage answers false. A store
   * that only one process can open leaves it out: that process always holds it. Released by `close()`,
   * so another instance takes it at once.
   */
  holdLease?(name: string): Promise<boolean>;
  close(): Promise<void>;
}

/** Where relays and projections remember how far they got. */
export interface CheckpointStore {
  load(name: string): Promise<Position | undefined>;
  save(name: string, position: Position): Promise<void>;
}
