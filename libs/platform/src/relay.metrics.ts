import { Logger } from '@nestjs/common';
import { CheckpointStore, EventStore } from '@linchpin/eventsourcing';
import { Metrics } from './metrics';

/** Where a store cannot count (EventStoreDB), the relay's lag is read up to this many events: beyond, it shows this. */
export const RELAY_LAG_READ_LIMIT = 10_000;

export interface RelayToMeasure {
  /** The context, e.g. `detection`: the `context` label. */
  context: string;
  /** The relay's checkpoint name. */
  name: string;
  streamPrefixes: string[];
  store: EventStore;
  checkpoints: CheckpointStore;
}

/**
 * `linchpin_relay_lag_events{context}`: events of the context's published streams stored after the relay's
 * saved checkpoint (saved at least every 200 ms while it publishes), i.e. stored and not yet on the bus;
 * `linchpin_relay_lag_seconds{context}`: how long the oldest of them has waited (0 when none). Both read from
 * the store at each scrape, so a relay that stopped, or cannot reach the broker, shows a growing lag. Replicas
 * share one checkpoint and report the same numbers.
 */
export function measureRelayLag(metrics: Metrics, relay: RelayToMeasure, now: () => number = Date.now): void {
  const logger = new Logger(`Relay:${relay.context}`);
  const failed = (error: unknown) => logger.warn(`relay lag left out of this scrape: ${error instanceof Error ? error.message : String(error)}`);
  const { store, checkpoints, name, context } = relay;
  const filter = { streamPrefixes: relay.streamPrefixes };
  metrics.measured<'context'>(
    { name: 'linchpin_relay_lag_events', help: 'Events of the context\'s published streams stored and not yet published on the bus (after the relay\'s saved checkpoint)', labelNames: ['context'] },
    async () => {
      const after = await checkpoints.load(name);
      const events = store.count ? await store.count({ after, filter }) : (await store.readAll({ after, filter, limit: RELAY_LAG_READ_LIMIT })).length;
      return [{ labels: { context }, value: events }];
    },
    failed,
  );
  metrics.measured<'context'>(
    { name: 'linchpin_relay_lag_seconds', help: 'How long the oldest event of the context\'s published streams not yet on the bus has waited since it was stored (0 when none)', labelNames: ['context'] },
    async () => {
      const [oldest] = await store.readAll({ after: await checkpoints.load(name), filter, limit: 1 });
      return [{ labels: { context }, value: oldest ? Math.max(0, (now() - Date.parse(oldest.recordedAt)) / 1000) : 0 }];
    },
    failed,
  );
}
