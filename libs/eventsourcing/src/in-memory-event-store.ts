import { catchUpSubscription } from './catch-up-subscription';
import { ConcurrencyError, PartialDuplicateError } from './errors';
import { EventEnvelope, Position, RecordedEvent } from './event';
import {
  AppendResult,
  CheckpointStore,
  EventHandler,
  EventStore,
  ExpectedRevision,
  ReadAllOptions,
  StoreSubscription,
  SubscribeOptions,
} from './event-store.port';
import { matchesPrefixes } from './stream-name';


/** For unit tests only: the same contract as the real stores, nothing durable. */
export class InMemoryEventStore implements EventStore, CheckpointStore {
  private readonly log: RecordedEvent[] = [];
  private readonly streams = new Map<string, RecordedEvent[]>();
  private readonly ids = new Map<string, RecordedEvent>();
  private readonly listeners = new Set<(streams: readonly string[]) => void>();
  private readonly checkpoints = new Map<string, Position>();

  constructor(private readonly now: () => Date = () => new Date()) {}

  async append(stream: string, events: EventEnvelope[], expected: ExpectedRevision): Promise<AppendResult> {
    const existing = this.streams.get(stream) ?? [];
    const stored = events.filter((e) => this.ids.has(e.id));
    if (stored.length > 0) {
      if (stored.length !== events.length || stored.some((e) => this.ids.get(e.id)!.streamId !== stream)) {
        throw new PartialDuplicateError(stream);
      }
      const last = this.ids.get(events[events.length - 1].id)!;
      return { nextExpectedRevision: existing.length - 1, position: last.position, alreadyStored: true };
    }
    const actual = existing.length === 0 ? 'no_stream' : existing.length - 1;
    if (expected !== 'any' && expected !== actual) {
      throw new ConcurrencyError(stream, String(expected), String(actual));
    }
    const recordedAt = this.now().toISOString();
    for (const e of events) {
      const recorded: RecordedEvent = {
        ...structuredClone(e),
        streamId: stream,
        revision: existing.length,
        position: this.log.length + 1,
        recordedAt,
      };
      existing.push(recorded);
      this.log.push(recorded);
      this.ids.set(e.id, recorded);
    }
    this.streams.set(stream, existing);
    this.listeners.forEach((l) => l([stream]));
    return { nextExpectedRevision: existing.length - 1, position: this.log.length, alreadyStored: false };
  }

  async readStream(stream: string, fromRevision = 0): Promise<RecordedEvent[]> {
    return (this.streams.get(stream) ?? []).slice(fromRevision).map((e) => structuredClone(e));
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const start = options.after ?? 0;
    const out: RecordedEvent[] = [];
    for (let i = start; i < this.log.length && out.length < (options.limit ?? Infinity); i++) {
      if (matchesPrefixes(this.log[i].streamId, options.filter?.streamPrefixes)) out.push(structuredClone(this.log[i]));
    }
    return out;
  }

  async count(options: Omit<ReadAllOptions, 'limit'> = {}): Promise<number> {
    let count = 0;
    for (let i = options.after ?? 0; i < this.log.length; i++) if (matchesPrefixes(this.log[i].streamId, options.filter?.streamPrefixes)) count++;
    return count;
  }

  subscribeAll(options: SubscribeOptions, handler: EventHandler): StoreSubscription {
    return catchUpSubscription(
      {
        readAll: (o) => this.readAll(o),
        onAppend: (l) => this.onAppend(l),
      },
      options,
      handler,
    );
  }

  onAppend(listener: (streams: readonly string[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async load(name: string): Promise<Position | undefined> {
    return this.checkpoints.get(name);
  }

  async save(name: string, position: Position): Promise<void> {
    this.checkpoints.set(name, position);
  }

  async close(): Promise<void> {
    this.listeners.clear();
  }
}
