import { Filter } from '@eventstore/db-client';
import { EventHandler, Position, StoreSubscription, SubscribeOptions } from '@linchpin/eventsourcing';
import { EsdbClient } from './esdb-client';
import { fromPosition, inFilteredLog, toPosition, toRecorded } from './esdb-mapping';

/**
 * A catch-up subscription to `$all` (server-side stream filter, `fromPosition` exclusive).
 * Events are pulled one at a time through the stream's async iterator, so the handler never
 * runs twice at once and the stream's backpressure holds the server back while it works.
 *
 * `caughtUp` resolves when the server says so (KurrentDB / EventStoreDB >= 23.10) once the
 * events it had already pushed are handled, or, on older servers, when the subscription has
 * passed the end of the log as it was at the start.
 *
 * A handler that throws ends the subscription: the gRPC call is closed before `onError` hears of
 * it, so a dead subscription never keeps a server-side subscription (and its buffer) open.
 */
export function esdbSubscription(
  client: EsdbClient,
  options: SubscribeOptions,
  filter: Filter,
  handler: EventHandler,
  endOfLog: () => Promise<Position | undefined>,
): StoreSubscription {
  let stopped = false;
  let markCaughtUp!: () => void;
  const caughtUp = new Promise<void>((resolve) => (markCaughtUp = resolve));
  let end: Position | undefined;
  let endKnown = false;
  let inFlight = false;
  // Events already pushed by the server when it said "caught up", still to be handled.
  let beforeCaughtUp: number | undefined;
  let last = options.after ?? -1;
  const pastEnd = (position: Position) => endKnown && (end === undefined || position >= end);
  // The server reached a point: what it pushed before is still to be handled.
  const serverReached = () => {
    beforeCaughtUp ??= subscription.readableLength + (inFlight ? 1 : 0);
    if (beforeCaughtUp === 0) markCaughtUp();
  };

  const subscription = client.subscribeToAll({
    fromPosition: fromPosition(options.after),
    filter: {
      ...filter,
      checkpointInterval: 1,
      checkpointReached: (_sub, position) => {
        if (pastEnd(toPosition(position))) serverReached();
      },
    },
  });
  subscription.on('caughtUp', serverReached);

  const run = async () => {
    end = await endOfLog();
    endKnown = true;
    if (end === undefined || (options.after !== undefined && options.after >= end)) markCaughtUp();
    for await (const resolved of subscription) {
      if (stopped) break;
      const event = resolved.event;
      const position = event ? toPosition(event.position) : -1;
      // `after` is exclusive, and an event is never delivered twice.
      if (event && position > last && inFilteredLog(event, options.filter)) {
        inFlight = true;
        try {
          await handler(toRecorded(event));
        } finally {
          inFlight = false;
        }
      }
      if (event) last = Math.max(last, position);
      if (beforeCaughtUp !== undefined && --beforeCaughtUp <= 0) markCaughtUp();
      if (event && pastEnd(position)) markCaughtUp();
    }
  };

  /**
   * Cancels the gRPC call and ends the piped stream (a cancelled call errors instead of ending).
   * Never throws: `unsubscribe` rejects when the call never opened, and the stream must be
   * destroyed all the same.
   */
  const close = async () => {
    try {
      await subscription.unsubscribe();
    } catch {
      // The call never opened or is already gone: nothing to cancel.
    } finally {
      subscription.destroy();
    }
  };

  const running = run().catch(async (error) => {
    // Stopping destroys the stream, which ends the iteration with a premature-close error.
    markCaughtUp();
    if (stopped) return;
    stopped = true;
    await close();
    if (options.onError) options.onError(error);
    else throw error;
  });

  return {
    caughtUp,
    /** Always resolves, so a caller's last checkpoint save after it always runs. */
    async stop() {
      stopped = true;
      await close();
      await running.catch(() => undefined);
    },
  };
}
