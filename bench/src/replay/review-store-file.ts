import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { SqliteEventStore } from '@linchpin/eventstore-sqlite';
import { timelineStream } from '@linchpin/review';
import { TYPICAL_ENTRIES, incidentIdOf, timelineEvents } from './review-history';

export interface ReviewStoreFile {
  path: string;
  events: number;
  /** Incident numbers with the typical 20 entries. */
  typicalIncidents: string[];
  /** The one long incident and its entry count. */
  largeIncident: { id: string; entries: number };
}

/** Incidents open at the same time: their entries interleave in the log, as they do live. */
const OPEN_AT_ONCE = 250;
/** Entries review appends per incident per append (batched so a million events write in seconds). */
const ENTRIES_PER_APPEND = 5;
const LARGE_CHUNK = 500;

/**
 * A SQLite store file holding `size` review events: one long incident (10% of the store, at most
 * 10,000 entries) and typical 20-entry incidents. Written once per size and kept for the run.
 */
export async function reviewStoreFile(dir: string, size: number): Promise<ReviewStoreFile> {
  const path = join(dir, `review-${size}.sqlite`);
  const largeEntries = Math.min(10_000, Math.floor(size / 10));
  const typical = Math.floor((size - largeEntries) / TYPICAL_ENTRIES);
  const file: ReviewStoreFile = {
    path,
    events: largeEntries + typical * TYPICAL_ENTRIES,
    typicalIncidents: Array.from({ length: typical }, (_, i) => incidentIdOf(i + 1)),
    largeIncident: { id: incidentIdOf(0), entries: largeEntries },
  };
  if (existsSync(path)) return file;

  const store = new SqliteEventStore({ path, synchronous: 'NORMAL' });
  try {
    let largeWritten = 0;
    const appendLargeChunk = async () => {
      if (largeWritten >= largeEntries) return;
      const chunk = timelineEvents(0, largeEntries, largeWritten, largeWritten + LARGE_CHUNK);
      await store.append(timelineStream(incidentIdOf(0)), chunk, 'any');
      largeWritten += chunk.length;
    };
    for (let first = 1; first <= typical; first += OPEN_AT_ONCE) {
      const last = Math.min(typical, first + OPEN_AT_ONCE - 1);
      for (let from = 0; from < TYPICAL_ENTRIES; from += ENTRIES_PER_APPEND) {
        for (let incident = first; incident <= last; incident++) {
          await store.append(timelineStream(incidentIdOf(incident)), timelineEvents(incident, TYPICAL_ENTRIES, from, from + ENTRIES_PER_APPEND), 'any');
        }
      }
      await appendLargeChunk();
    }
    while (largeWritten < largeEntries) await appendLargeChunk();
  } finally {
    await store.close();
  }
  return file;
}
