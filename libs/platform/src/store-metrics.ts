import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { EVENT_STORE, EventStore } from '@linchpin/eventsourcing';
import type { StoreWriteCounters } from '@linchpin/eventstore-sqlite';
import { Metrics } from './metrics';

/** A store that counts what it writes (SQLite); others (EventStoreDB) expose no store counters. */
interface CountingStore {
  writeCounters(): StoreWriteCounters;
}

const countsWrites = (store: unknown): store is CountingStore => typeof (store as Partial<CountingStore>).writeCounters === 'function';

const STORE_COUNTERS: { name: string; help: string; read(counters: StoreWriteCounters): number }[] = [
  { name: 'linchpin_store_appends_total', help: 'Appends that stored events (one per append call that wrote)', read: (c) => c.appends },
  { name: 'linchpin_store_events_written_total', help: 'Events written to the store', read: (c) => c.eventsWritten },
  { name: 'linchpin_store_bytes_written_total', help: 'Bytes of event data and metadata JSON written to the store', read: (c) => c.bytesWritten },
  {
    name: 'linchpin_store_commits_total',
    help: 'Store transactions committed that wrote something (each one fsync of the WAL at synchronous=FULL)',
    read: (c) => c.commits,
  },
];

/**
 * The store's own write counters on GET /metrics, read from the store at each scrape (collect),
 * so there is one count, the store's, and nothing to keep in step on the write path.
 */
@Injectable()
export class StoreMetrics implements OnModuleInit {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly metrics: Metrics,
  ) {}

  onModuleInit(): void {
    const store = this.store;
    if (!countsWrites(store)) return;
    for (const { name, help, read } of STORE_COUNTERS) {
      this.metrics.counter({
        name,
        help,
        collect() {
          this.reset();
          this.inc(read(store.writeCounters()));
        },
      });
    }
  }
}
