import { performance } from 'node:perf_hooks';
import { EventStore, RecordedEvent } from '@linchpin/eventsourcing';
import { TimelineEntryRecordedEvent, upcast } from '@linchpin/contracts';
import { ChangesKnownReader, DEFAULT_CHANGES_WINDOW_HOURS, GetTimelineHandler, GetTimelineQuery, TimelineEntry, asOf, entryOf, ordered } from '@linchpin/review';

/** The page size of the kernel's catch-up subscription: how review-like readers page the log. */
export const PAGE = 500;
/** Later than every generated entry: the as-of fold then covers each whole timeline. */
const END_OF_TIME = new Date('2100-01-01T00:00:00.000Z');

/** Events per second. */
const rate = (events: number, ms: number): number => (events * 1000) / ms;

async function pageThrough(store: EventStore, onPage: (page: RecordedEvent[]) => void): Promise<number> {
  let after = 0;
  let count = 0;
  for (;;) {
    const page = await store.readAll({ after, limit: PAGE });
    if (page.length === 0) return count;
    onPage(page);
    count += page.length;
    after = page[page.length - 1].position;
  }
}

/** Baseline: every event read from the log in pages, nothing done with it. */
export async function rawReadAll(store: EventStore): Promise<number> {
  const started = performance.now();
  const count = await pageThrough(store, () => undefined);
  return rate(count, performance.now() - started);
}

/** Baseline for one stream: readStream, nothing done with it. */
export async function rawReadStreams(store: EventStore, streams: string[]): Promise<number> {
  const started = performance.now();
  let count = 0;
  for (const stream of streams) count += (await store.readStream(stream)).length;
  return rate(count, performance.now() - started);
}

/**
 * Review's read models rebuilt from the whole log: every `timeline-` stream folded with review's
 * entryOf() (upcast first, as review does) and ordered; with `asOfState`, each incident's
 * state folded as of now too.
 */
export async function rebuildAll(store: EventStore, asOfState: boolean): Promise<{ rate: number; incidents: number }> {
  const started = performance.now();
  const timelines = new Map<string, TimelineEntry[]>();
  const count = await pageThrough(store, (page) => {
    for (const recorded of page) {
      if (!recorded.streamId.startsWith('timeline-')) continue;
      const event = upcast(recorded) as TimelineEntryRecordedEvent;
      const entries = timelines.get(recorded.streamId);
      if (entries) entries.push(entryOf(event));
      else timelines.set(recorded.streamId, [entryOf(event)]);
    }
  });
  let folded = 0;
  for (const unordered of timelines.values()) {
    const entries = ordered(unordered);
    if (asOfState && asOf(entries, END_OF_TIME).state) folded++;
  }
  const ms = performance.now() - started;
  if (asOfState && folded !== timelines.size) throw new Error(`as-of state missing for ${timelines.size - folded} incidents`);
  return { rate: rate(count, ms), incidents: timelines.size };
}

/** What `GET /review/incidents/{id}/timeline` does, through review's own query handler, for each incident. */
export async function rebuildTimelines(store: EventStore, incidentIds: string[]): Promise<number> {
  const handler = new GetTimelineHandler(store, new ChangesKnownReader(store, { changesWindowHours: DEFAULT_CHANGES_WINDOW_HOURS }));
  const started = performance.now();
  let count = 0;
  for (const id of incidentIds) count += (await handler.execute(new GetTimelineQuery(id))).entries.length;
  return rate(count, performance.now() - started);
}
