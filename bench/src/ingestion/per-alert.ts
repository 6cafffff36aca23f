import { RunCost } from './cost';

/** What one accepted alert cost the store, in one run. NaN where the process has no store counters. */
export interface PerAlert {
  appends: number;
  events: number;
  bytesWritten: number;
  commits: number;
  /** Growth of the database (page_count × page_size) per alert. */
  storeGrowth: number;
  /** Whether appends and commits came from /metrics (else events and bytes were counted from the stored rows). */
  fromCounters: boolean;
  drained: boolean;
}

export function perAlert(cost: RunCost, accepted: number): PerAlert | undefined {
  if (accepted === 0) return undefined;
  const { counters, growth } = cost;
  return {
    appends: counters ? counters.appends / accepted : NaN,
    events: (counters?.eventsWritten ?? growth.events) / accepted,
    bytesWritten: (counters?.bytesWritten ?? growth.eventBytes) / accepted,
    commits: counters ? counters.commits / accepted : NaN,
    storeGrowth: growth.databaseBytes / accepted,
    fromCounters: counters !== undefined,
    drained: cost.drained,
  };
}

export const describePerAlert = (p: PerAlert): string =>
  `${p.appends.toFixed(2)} appends, ${p.events.toFixed(2)} events, ${Math.round(p.bytesWritten)} B written, ` +
  `${p.commits.toFixed(3)} commits, store +${Math.round(p.storeGrowth)} B per alert`;
