import { Position, RecordedEvent } from './event';
import { EventStore } from './event-store.port';

/**
 * Feeds a read model from a service's own streams, on demand: `current()` applies whatever the
 * store holds beyond the last applied position, so a read right after an accepted command sees
 * it, and concurrent readers share one catch-up. The model starts empty at every process start
 * and is rebuilt by its first read.
 */
export class ProjectionFeed {
  private position: Position | undefined;
  private catchingUp?: Promise<void>;

  constructor(
    private readonly store: EventStore,
    private readonly streamPrefixes: string[],
    private readonly apply: (event: RecordedEvent) => void,
    private readonly pageSize = 500,
  ) {}

  current(): Promise<void> {
    this.catchingUp ??= this.catchUp().finally(() => (this.catchingUp = undefined));
    return this.catchingUp;
  }

  private async catchUp(): Promise<void> {
    for (;;) {
      const page = await this.store.readAll({ after: this.position, filter: { streamPrefixes: this.streamPrefixes }, limit: this.pageSize });
      for (const event of page) {
        this.apply(event);
        this.position = event.position;
      }
      if (page.length < this.pageSize) return;
    }
  }
}
