/**
 * (No imports: the bare ingest server loads this too, and should load nothing else.)
 *
 * The store's write counters as every process exposes them on GET /metrics (Prometheus text).
 * The bare ingest server exposes the same names, so both sides are counted the same way.
 */
export const STORE_COUNTER_NAMES = {
  appends: 'linchpin_store_appends_total',
  eventsWritten: 'linchpin_store_events_written_total',
  bytesWritten: 'linchpin_store_bytes_written_total',
  commits: 'linchpin_store_commits_total',
} as const;

export type StoreCounterName = keyof typeof STORE_COUNTER_NAMES;
export type StoreCounters = Record<StoreCounterName, number>;

export const NO_STORE_COUNTERS = 'no store counters on /metrics';

/**
 * Sums every sample of each counter (a process with several stores, or labels, counts them all).
 * Undefined when the text holds none of them: a process built before the counters existed.
 */
export function parseStoreCounters(text: string): StoreCounters | undefined {
  const totals: StoreCounters = { appends: 0, eventsWritten: 0, bytesWritten: 0, commits: 0 };
  let found = false;
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{[^}]*\})?\s+(\S+)/.exec(line);
    if (!match) continue;
    for (const [key, name] of Object.entries(STORE_COUNTER_NAMES) as [StoreCounterName, string][]) {
      if (match[1] === name) {
        totals[key] += Number(match[2]);
        found = true;
      }
    }
  }
  return found ? totals : undefined;
}

/** Scrapes `<url>/metrics` as any client would (`headers`: the bench's token, in case METRICS_TOKEN is set). */
export async function scrapeStoreCounters(url: string, headers: Record<string, string>): Promise<StoreCounters | undefined> {
  const response = await fetch(`${url}/metrics`, { headers });
  if (!response.ok) throw new Error(`GET ${url}/metrics answered ${response.status}`);
  return parseStoreCounters(await response.text());
}

/** after − before for each counter; undefined when either scrape had none. */
export function counterDelta(before: StoreCounters | undefined, after: StoreCounters | undefined): StoreCounters | undefined {
  if (!before || !after) return undefined;
  return {
    appends: after.appends - before.appends,
    eventsWritten: after.eventsWritten - before.eventsWritten,
    bytesWritten: after.bytesWritten - before.bytesWritten,
    commits: after.commits - before.commits,
  };
}
