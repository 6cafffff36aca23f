import {
  ANY,
  AllStreamRecordedEvent,
  AppendExpectedRevision,
  BACKWARDS,
  END,
  EventData,
  Filter,
  NO_STREAM,
  Position as EsdbPosition,
  ReadPosition,
  ReadRevision,
  START,
  StreamNotFoundError,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import { PassThrough } from 'node:stream';
import { EsdbClient } from '../esdb-client';

/** A record of the fake's log, shaped as the client hands records over. */
export type FakeRecord = AllStreamRecordedEvent & { position: EsdbPosition };

/** One read the adapter asked for, and how many records the fake handed it. */
export interface FakeRead {
  kind: 'all' | 'stream';
  stream?: string;
  records: number;
}

export interface RawRecord {
  id?: string;
  type: string;
  data: unknown;
  isJson?: boolean;
}

/** A subscription as the adapter sees it: an object stream with `unsubscribe`. */
export type FakeSubscription = PassThrough & { unsubscribe(): Promise<void> };

let ids = 0;
const nextId = () => `00000000-0000-4000-8000-${String(++ids).padStart(12, '0')}`;

/**
 * A single in-memory node behaving, for the calls the adapter makes, as the server does: commit
 * positions that grow but are not contiguous, reads of `$all` from a position inclusive, appends
 * checked as the server's CheckCommit does (a stale expected revision whose next events carry the
 * same ids is answered as a success, the current revision appends whatever the ids), `$metadata`
 * records in `$$<stream>`. Every read is counted with the records it handed out.
 */
export class FakeEsdbClient {
  readonly log: FakeRecord[] = [];
  readonly reads: FakeRead[] = [];
  /** What the subscriptions did, in order (`unsubscribe`, `destroy`, and the test's own marks). */
  readonly calls: string[] = [];
  readonly subscriptions: FakeSubscription[] = [];
  /** When set, subscriptions never open: the stream errors with it and `unsubscribe` rejects with it. */
  failToOpen?: Error;
  /** When set, every append waits for it before the server checks the expected revision (a test lines contenders up). */
  appendGate?: (stream: string) => Promise<void>;
  private position = 1000n;

  /** The fake typed as the client the adapter takes. */
  asClient(): EsdbClient {
    return this as unknown as EsdbClient;
  }

  /** Records read since the last call (and forgets them). */
  takeReads(): FakeRead[] {
    return this.reads.splice(0);
  }

  /** Writes a record as another writer (a system, a projection, a foreign client) would, unchecked. */
  write(streamId: string, record: RawRecord): FakeRecord {
    this.position += 137n;
    const stored: FakeRecord = {
      streamId,
      id: record.id ?? nextId(),
      revision: BigInt(this.streamRecords(streamId).length),
      type: record.type,
      data: record.data,
      metadata: undefined,
      isJson: record.isJson ?? true,
      created: new Date(),
      position: { commit: this.position, prepare: this.position },
    } as FakeRecord;
    this.log.push(stored);
    for (const subscription of this.subscriptions) subscription.emit('logged', stored);
    return stored;
  }

  async appendToStream(stream: string, events: EventData | EventData[], options: { expectedRevision?: AppendExpectedRevision } = {}) {
    await this.appendGate?.(stream);
    const list = Array.isArray(events) ? events : [events];
    const current = this.streamRecords(stream);
    const cur = current.length - 1;
    const expected = options.expectedRevision ?? ANY;
    if (expected !== ANY) {
      const exp = expected === NO_STREAM ? -1 : Number(expected);
      if (exp < cur) {
        // The server's idempotence: the same ids right after the expected revision are a success without a write.
        const same = list.every((e, i) => current[exp + 1 + i]?.id === e.id);
        if (!same) throw this.wrongExpectedVersion(stream, expected, cur);
        const last = current[exp + list.length];
        return { success: true, nextExpectedRevision: last.revision, position: last.position };
      }
      if (exp > cur) throw this.wrongExpectedVersion(stream, expected, cur);
    }
    let last: FakeRecord | undefined;
    for (const e of list) {
      last = this.write(stream, { id: e.id, type: e.type, data: JSON.parse(JSON.stringify(e.data)), isJson: e.contentType === 'application/json' });
      last.metadata = e.metadata ? JSON.parse(JSON.stringify(e.metadata)) : undefined;
    }
    return { success: true, nextExpectedRevision: BigInt(cur + list.length), position: last?.position };
  }

  readStream(stream: string, options: { fromRevision?: ReadRevision; direction?: string; maxCount?: number | bigint } = {}) {
    const read: FakeRead = { kind: 'stream', stream, records: 0 };
    this.reads.push(read);
    const records = this.streamRecords(stream);
    const backwards = options.direction === BACKWARDS;
    const from = options.fromRevision ?? (backwards ? END : START);
    const max = Number(options.maxCount ?? Number.MAX_SAFE_INTEGER);
    const start = from === START ? 0 : from === END ? records.length - 1 : Number(from);
    const selected = backwards ? records.filter((r) => Number(r.revision) <= start).reverse() : records.filter((r) => Number(r.revision) >= start);
    return hand(read, selected.slice(0, max), records.length === 0 ? new StreamNotFoundError(undefined, stream) : undefined);
  }

  readAll(options: { fromPosition?: ReadPosition; direction?: string; maxCount?: number | bigint } = {}) {
    const read: FakeRead = { kind: 'all', records: 0 };
    this.reads.push(read);
    const backwards = options.direction === BACKWARDS;
    const from = options.fromPosition ?? (backwards ? END : START);
    const max = Number(options.maxCount ?? Number.MAX_SAFE_INTEGER);
    let selected: FakeRecord[];
    if (from === START) selected = backwards ? [] : [...this.log];
    else if (from === END) selected = backwards ? [...this.log].reverse() : [];
    else selected = backwards ? this.log.filter((r) => r.position.commit <= from.commit).reverse() : this.log.filter((r) => r.position.commit >= from.commit);
    return hand(read, selected.slice(0, max));
  }

  /** Catch-up then live, after `fromPosition` (exclusive), through the server-side stream name filter. */
  subscribeToAll(options: { fromPosition?: ReadPosition; filter?: Filter } = {}): FakeSubscription {
    const subscription = new PassThrough({ objectMode: true }) as FakeSubscription;
    const failure = this.failToOpen;
    subscription.unsubscribe = async () => {
      this.calls.push('unsubscribe');
      if (failure) throw failure;
    };
    const destroy = subscription.destroy.bind(subscription);
    subscription.destroy = (error?: Error) => {
      this.calls.push('destroy');
      return destroy(error);
    };
    this.subscriptions.push(subscription);
    if (failure) {
      setImmediate(() => subscription.emit('error', failure));
      return subscription;
    }
    const from = options.fromPosition ?? START;
    const after = from === START ? -1n : from === END ? this.position : from.commit;
    const kept = (record: FakeRecord) => record.position.commit > after && passes(options.filter, record.streamId);
    const deliver = (record: FakeRecord) => {
      if (kept(record) && !subscription.destroyed) subscription.write({ event: copy(record) });
    };
    setImmediate(() => {
      for (const record of this.log) deliver(record);
      subscription.emit('caughtUp');
      subscription.on('logged', deliver);
    });
    return subscription;
  }

  async setStreamMetadata(stream: string, metadata: Record<string, unknown>) {
    const record = this.write(`$$${stream}`, { type: '$metadata', data: metadata });
    return { success: true, nextExpectedRevision: record.revision, position: record.position };
  }

  async dispose(): Promise<void> {
    this.calls.push('dispose');
  }

  private streamRecords(stream: string): FakeRecord[] {
    return this.log.filter((r) => r.streamId === stream);
  }

  private wrongExpectedVersion(streamName: string, expected: AppendExpectedRevision, cur: number) {
    return new WrongExpectedVersionError(undefined, { streamName, expected, current: cur < 0 ? NO_STREAM : BigInt(cur) });
  }
}

/**
 * The records one at a time, counted as handed out, each a fresh copy (the client parses every
 * read anew); a missing stream errors as the client's stream does.
 */
async function* hand(read: FakeRead, records: FakeRecord[], notFound?: Error) {
  if (notFound) throw notFound;
  for (const event of records) {
    read.records++;
    yield { event: copy(event) };
  }
}

const copy = (record: FakeRecord): FakeRecord => ({ ...record, data: structuredClone(record.data), metadata: structuredClone(record.metadata) }) as FakeRecord;

const passes = (filter: Filter | undefined, stream: string): boolean => {
  if (!filter) return true;
  if ('prefixes' in filter) return filter.prefixes.some((p) => stream.startsWith(p));
  return new RegExp(filter.regex).test(stream);
};
