import { setTimeout as sleep } from 'node:timers/promises';
import { bearer } from '@linchpin/testing';
import { counterDelta, scrapeStoreCounters, StoreCounters } from './store-counters';
import { growthSince, markStore, StoreGrowth, StoreMark } from './store-file';

/** A process whose store writes are counted: its /metrics, and its SQLite file. */
export interface CountedTarget {
  url: string;
  storePath: string;
}

export interface CostMark {
  counters: StoreCounters | undefined;
  store: StoreMark;
}

/** What one measured run cost the store, everything the run caused included (reactors, relays). */
export interface RunCost {
  /** From /metrics; undefined when the process has no store counters. */
  counters: StoreCounters | undefined;
  /** From the file. */
  growth: StoreGrowth;
  /** Seconds waited after the run until the store stopped moving. */
  drainSeconds: number;
  /** False when it still moved at the cap: the figures miss what was still owed. */
  drained: boolean;
}

const POLL_MS = 500;
/** Unchanged for this many polls in a row (1 s) counts as drained. */
const QUIET_POLLS = 3;

export async function markCost(target: CountedTarget): Promise<CostMark> {
  return { counters: await scrapeStoreCounters(target.url, bearer()), store: markStore(target.storePath) };
}

/**
 * Waits until the work a run caused has been written (the counters and the log's last position
 * stop moving), then takes what the store gained since `mark`.
 */
export async function costSince(target: CountedTarget, mark: CostMark, capSeconds: number): Promise<RunCost> {
  const start = Date.now();
  const snapshot = async () => {
    const counters = await scrapeStoreCounters(target.url, bearer());
    return { counters, key: `${markStore(target.storePath).lastPosition}|${JSON.stringify(counters ?? null)}` };
  };
  let last = await snapshot();
  let quiet = 0;
  let drained = false;
  while (Date.now() - start < capSeconds * 1000) {
    await sleep(POLL_MS);
    const now = await snapshot();
    quiet = now.key === last.key ? quiet + 1 : 0;
    last = now;
    if (quiet >= QUIET_POLLS - 1) {
      drained = true;
      break;
    }
  }
  return {
    counters: counterDelta(mark.counters, last.counters),
    growth: growthSince(target.storePath, mark.store),
    drainSeconds: (Date.now() - start) / 1000,
    drained,
  };
}
