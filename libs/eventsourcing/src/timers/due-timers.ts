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

/**
 * The pending timers of a service's streams, in memory: `TimerScheduled` adds one, `TimerFired` and
 * `TimerCancelled` remove it. Pure; `follow` feeds it from a store. It starts empty at every process
 * start and is rebuilt from the log, so a killed process finds its pending timers again.
 */
export class DueTimers {
  private readonly pending = new Map<string, DueTimer>();

  apply(event: RecordedEvent): void {
    if (!isTimerEvent(event)) return;
    const key = keyOf(event.streamId, event.data.timerId);
    if (event.type === 'TimerScheduled') {
      const { timerId, dueAt, purpose, details } = event.data;
      this.pending.set(key, {
        streamId: event.streamId,
        timerId,
        dueAt: new Date(dueAt).toISOString(),
        purpose,
        ...(details === undefined ? {} : { details }),
        scheduledEventId: event.id,
        metadata: event.metadata,
        position: event.position,
      });
    } else {
      this.pending.delete(key);
    }
  }

  /** Forget a timer this process has just fired, before the log tells it so. */
  forget(timer: Pick<DueTimer, 'streamId' | 'timerId'>): void {
    this.pending.delete(keyOf(timer.streamId, timer.timerId));
  }

  /** Timers due at `now` (dueAt <= now), soonest first. */
  due(now: Date): DueTimer[] {
    const at = now.getTime();
    return this.all().filter((t) => Date.parse(t.dueAt) <= at);
  }

  /** Every pending timer, soonest first (ties in log order). */
  all(): DueTimer[] {
    return [...this.pending.values()].sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt) || a.position - b.position);
  }

  /** The soonest pending timer's due time, if any. */
  next(): Date | undefined {
    let soonest: number | undefined;
    for (const t of this.pending.values()) {
      const at = Date.parse(t.dueAt);
      if (soonest === undefined || at < soonest) soonest = at;
    }
    return soonest === undefined ? undefined : new Date(soonest);
  }

  get size(): number {
    return this.pending.size;
  }

  /** A feed that keeps this model up to date with `streamPrefixes` of `store` (`current()` catches up). */
  follow(store: EventStore, streamPrefixes: string[]): ProjectionFeed {
    return new ProjectionFeed(store, streamPrefixes, (event) => this.apply(event));
  }
}
