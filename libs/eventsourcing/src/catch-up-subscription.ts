import { Position, RecordedEvent } from './event';
import { EventHandler, ReadAllOptions, StoreSubscription, SubscribeOptions } from './event-store.port';
import { wroteAny } from './stream-name';

export interface CatchUpSource {
  readAll(options: ReadAllOptions): Promise<RecordedEvent[]>;
  /** Registers a callback fired after every local append; returns the unregister function. */
  onAppend(listener: (streams: readonly string[]) => void): () => void;
}

/** How many events a catch-up subscription reads per `readAll` (the page every replay of the log is measured in). */
export const CATCH_UP_PAGE_SIZE = 500;

/**
 * Catch-up subscription over any store that can read its log in pages: it reads from the
 * last delivered position until a page comes back empty, then waits for a local append or a
 * poll tick (other processes may append). The position only moves after the handler
 * returned, so no event is lost or delivered twice.
 */
export function catchUpSubscription(
  source: CatchUpSource,
  options: SubscribeOptions,
  handler: EventHandler,
  pollIntervalMs = 100,
  pageSize = CATCH_UP_PAGE_SIZE,
): StoreSubscription {
  let last: Position | undefined = options.after;
  let stopped = false;
  let wake: (() => void) | undefined;
  // An append signalled while a page was being handled must not wait for the next poll.
  let appendedMeanwhile = false;
  let markCaughtUp!: () => void;
  const caughtUp = new Promise<void>((resolve) => (markCaughtUp = resolve));
  const unregister = source.onAppend((streams) => {
    if (!wroteAny(streams, options.filter?.streamPrefixes)) return;
    appendedMeanwhile = true;
    wake?.();
  });

  const loop = async () => {
    while (!stopped) {
      appendedMeanwhile = false;
      const page = await source.readAll({ after: last, filter: options.filter, limit: pageSize });
      for (const event of page) {
        if (stopped) return;
        await handler(event);
        last = event.position;
      }
      if (page.length < pageSize) {
        markCaughtUp();
        if (appendedMeanwhile || stopped) continue;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, pollIntervalMs);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        wake = undefined;
      }
    }
  };
  const running = loop().catch((error) => {
    stopped = true;
    markCaughtUp();
    if (options.onError) options.onError(error);
    else throw error;
  });

  return {
    caughtUp,
    async stop() {
      stopped = true;
      unregister();
      wake?.();
      await running.catch(() => undefined);
    },
  };
}
