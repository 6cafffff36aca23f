import { Heap } from 'heap-js';
import { EventMetadata, Position, RecordedEvent } from '../event';
import { EventStore } from '../event-store.port';
import { ProjectionFeed } from '../projection-feed';
import { isTimerEvent } from './timer-events';

/** A pending timer as the driver hands it to its owner's `fire`. */
export interface DueTimer {
  /** The owner's stream, where `TimerFired` (and its consequences) must be appended. */
  streamId: string;
  timerId: string;
  dueAt: string;
  purpose: string;
  details?: Record<string, unknown>;
  /** The `TimerScheduled` event: the firing's cause (its incident and correlation are in `metadata`). */
  scheduledEventId: string;
  metadata: EventMetadata;
  position: Position;
}

const keyOf = (streamId: string, timerId: string) => `${streamId}\u0000${timerId}`;

/** A pending timer with its due time as a number, parsed once. */
interface Entry {
  timer: DueTimer;
  dueMs: number;
}

/** Soonest first; ties in log order. */
const sooner = (a: Entry, b: Entry): number => a.dueMs - b.dueMs || a.timer.position - b.timer.position;

/** The queue is rebuilt from the pending timers once it holds this many more entries than they are (ended ones). */
const COMPACT_SLACK = 1024;

/**
 * The pending timers of a service's streams, in memory: `TimerScheduled` adds one, `TimerFired` and
 * `TimerCancelled` remove it. Pure; `follow` feeds it from a store. It starts empty at every process
 * start and is rebuilt from the log, so a killed process finds its pending timers again.
 *
 * The driver asks what is due and when the next one is at every pass (every append to a timer's
 * stream), so those answers come from a priority queue in O(log n) per timer looked at: sorting
 * every pending timer at each pass made a storm of new incidents (thousands of pending escalation
 * and SLA timers) quadratic. An ended timer leaves its entry in the queue until it comes up (or the
 * queue is compacted); an entry counts only while it is its key's pending one.
 */
export class DueTimers {
  private readonly pending = new Map<string, Entry>();
  private readonly queue = new Heap<Entry>(sooner);

  apply(event: RecordedEvent): void {
    if (!isTimerEvent(event)) return;
    const key = keyOf(event.streamId, event.data.timerId);
    if (event.type === 'TimerScheduled') {
      const { timerId, dueAt, purpose, details } = event.data;
      const timer: DueTimer = {
        streamId: event.streamId,
        timerId,
        dueAt: new Date(dueAt).toISOString(),
        purpose,
        ...(details === undefined ? {} : { details }),
        scheduledEventId: event.id,
        metadata: event.metadata,
        position: event.position,
      };
      const entry = { timer, dueMs: Date.parse(timer.dueAt) };
      this.pending.set(key, entry);
      this.queue.push(entry);
    } else {
      this.remove(key);
    }
  }

  /** Forget a timer this process has just fired, before the log tells it so. */
  forget(timer: Pick<DueTimer, 'streamId' | 'timerId'>): void {
    this.remove(keyOf(timer.streamId, timer.timerId));
  }

  /** Timers due at `now` (dueAt <= now), soonest first. They stay pending until fired (a failed one is due again). */
  due(now: Date): DueTimer[] {
    const at = now.getTime();
    const due: Entry[] = [];
    for (let top = this.queue.peek(); top && top.dueMs <= at; top = this.queue.peek()) {
      this.queue.pop();
      if (this.isPending(top)) due.push(top);
    }
    due.forEach((entry) => this.queue.push(entry));
    return due.map((entry) => entry.timer);
  }

  /** Every pending timer, soonest first (ties in log order). */
  all(): DueTimer[] {
    return [...this.pending.values()].sort(sooner).map((entry) => entry.timer);
  }

  /** The soonest pending timer's due time, if any. */
  next(): Date | undefined {
    let top = this.queue.peek();
    while (top && !this.isPending(top)) {
      this.queue.pop();
      top = this.queue.peek();
    }
    return top ? new Date(top.dueMs) : undefined;
  }

  get size(): number {
    return this.pending.size;
  }

  private isPending(entry: Entry): boolean {
    return this.pending.get(keyOf(entry.timer.streamId, entry.timer.timerId)) === entry;
  }

  private remove(key: string): void {
    if (!this.pending.delete(key)) return;
    if (this.queue.length > this.pending.size + COMPACT_SLACK) this.queue.init([...this.pending.values()]);
  }

  /** A feed that keeps this model up to date with `streamPrefixes` of `store` (`current()` catches up). */
  follow(store: EventStore, streamPrefixes: string[]): ProjectionFeed {
    return new ProjectionFeed(store, streamPrefixes, (event) => this.apply(event));
  }
}
