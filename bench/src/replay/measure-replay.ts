import Database from 'better-sqlite3';
import { performance } from 'node:perf_hooks';
import { CATCH_UP_PAGE_SIZE, EventStore } from '@linchpin/eventsourcing';
import { ChangesKnownReader, DEFAULT_CHANGES_WINDOW_HOURS, GetTimelineHandler, GetTimelineQuery, rebuildReadModels } from '@linchpin/review';

/** Events per second. */
const rate = (events: number, ms: number): number => (events * 1000) / ms;

/**
 * The SELECT SqliteEventStore.readAll runs for an unfiltered page (its columns, its order), here over the whole log at once.
 */
const READ_ALL_SQL =
  'SELECT position, id, stream, revision, type, schema_version, data, metadata, recorded_at FROM events WHERE position > ? ORDER BY position LIMIT ?';

/**
 * Baseline: the same rows iterated straight from better-sqlite3 (raw arrays), their data and metadata JSON parsed,
 * nothing else: what a store read could cost at best.
 */
export function bareRead(path: string): number {
  const db = new Database(path, { readonly: true });
  try {
    const started = performance.now();
    let count = 0;
    let parsed = 0;
    for (const row of db.prepare(READ_ALL_SQL).raw(true).iterate(0, -1) as IterableIterator<unknown[]>) {
      const data: unknown = JSON.parse(row[6] as string);
      const metadata: unknown = JSON.parse(row[7] as string);
      if (data !== undefined && metadata !== undefined) parsed++;
      count++;
    }
    const ms = performance.now() - started;
    if (parsed !== count) throw new Error('a row did not parse');
    return rate(count, ms);
  } finally {
    db.close();
  }
}

/** The whole log through the store's `readAll`, in the pages a catch-up subscription reads, each event decoded. */
export async function decodedReadAll(store: EventStore): Promise<number> {
  const started = performance.now();
  let after = 0;
  let count = 0;
  for (;;) {
    const page = await store.readAll({ after, limit: CATCH_UP_PAGE_SIZE });
    count += page.length;
    if (page.length < CATCH_UP_PAGE_SIZE) break;
    after = page[page.length - 1].position;
  }
  return rate(count, performance.now() - started);
}

/** Every review read model rebuilt into the file at `readModelsPath`, as `linchpin rebuild` does: events applied per second. */
export async function rebuildAllReadModels(store: EventStore, readModelsPath: string): Promise<number> {
  const started = performance.now();
  const done = await rebuildReadModels(store, readModelsPath);
  const ms = performance.now() - started;
  return rate(
    done.reduce((sum, model) => sum + model.applied, 0),
    ms,
  );
}

/** Baseline for one stream: readStream, nothing done with it. */
export async function rawReadStreams(store: EventStore, streams: string[]): Promise<number> {
  const started = performance.now();
  let count = 0;
  for (const stream of streams) count += (await store.readStream(stream)).length;
  return rate(count, performance.now() - started);
}

/** What `GET /review/incidents/{id}/timeline` does, through review's own query handler, for each incident. */
export async function rebuildTimelines(store: EventStore, incidentIds: string[]): Promise<number> {
  const handler = new GetTimelineHandler(store, new ChangesKnownReader(store, { changesWindowHours: DEFAULT_CHANGES_WINDOW_HOURS }));
  const started = performance.now();
  let count = 0;
  for (const id of incidentIds) count += (await handler.execute(new GetTimelineQuery(id))).entries.length;
  return rate(count, performance.now() - started);
}
