import { Position, RecordedEvent } from './event';
import { EventStore } from './event-store.port';
import { wroteAny } from './stream-name';

/**
 * How long a feed trusts the store's append notifications alone. They cover this process's
 * appends only, so a write by another process (or another connection) is read at most this late.
 */
export const FEED_TRUST_MS = 250;

/**
 * Feeds a read model from a service's own streams, on demand: `current()` applies whatever the
 * store holds beyond the last applied position, so a read right after an accepted command sees
 * it, and concurrent readers share one catch-up. The model starts empty at every process start
 * and is rebuilt by its first read.
 *
 * Where the store tells of each commit's streams (`onAppend`) and no other process writes to it, a
 * feed reads only after one of its streams was written, or after FEED_TRUST_MS: a configuration read on every alert of a storm
 * (maintenance windows, correlation policies) costs nothing while nobody changes them.
 */
export class ProjectionFeed {
  private position: Position | undefined;
  private catchingUp?: Promise<void>;
  /** Something it follows may have been written since the last catch-up began. */
  private stale = true;
  private lastCatchUpAt = 0;
  private readonly notified: boolean;

  constructor(
    private readonly store: EventStore,
    private readonly streamPrefixes: string[],
    private readonly apply: (event: RecordedEvent) => void,
    private readonly pageSize = 500,
    private readonly now: () => number = Date.now,
  ) {
    // Feeds live as long as their store (one per read model, made at start), so the listener is never removed.
    // On a shared store another replica's write must be seen by the next query here, so every query reads.
    this.notified =
      !store.shared &&
      !!store.onAppend?.((streams) => {
        if (!this.stale && wroteAny(streams, streamPrefixes)) this.stale = true;
      });
  }

  current(): Promise<void> {
    if (this.catchingUp) return this.catchingUp;
    if (this.notified && !this.stale && this.now() - this.lastCatchUpAt < FEED_TRUST_MS) return Promise.resolve();
    this.catchingUp = this.catchUp().finally(() => (this.catchingUp = undefined));
    return this.catchingUp;
  }

  private async catchUp(): Promise<void> {
    // Before reading: an append committed while this catch-up reads marks it stale again.
    this.stale = false;
    this.lastCatchUpAt = this.now();
    try {
      for (;;) {
        const page = await this.store.readAll({ after: this.position, filter: { streamPrefixes: this.streamPrefixes }, limit: this.pageSize });
        for (const event of page) {
          this.apply(event);
          this.position = event.position;
        }
        if (page.length < this.pageSize) return;
      }
    } catch (error) {
      this.stale = true;
      throw error;
    }
  }
}
