import { QueueStatus, TriageView } from './triage-view';

export type StatusFilter = QueueStatus | 'open' | 'all';

export interface QueueFilter {
  team?: string;
  service?: string;
  status: StatusFilter;
}

/** [rank, detectedAt, incidentId]: the queue's total order, and what a cursor holds. */
type SortKey = [number, string, string];

/**
 * Untriaged incidents and incidents nobody could be paged for (rank 0) come first: nobody has
 * prioritised them, or nobody was told, so a human must look. Then P1…P5, then oldest first; the
 * incident id breaks ties so paging is stable.
 */
const keyOf = (view: TriageView): SortKey => [view.priority && view.status !== 'unpaged' ? Number(view.priority.slice(1)) : 0, view.detectedAt, view.incidentId];

const compare = (a: SortKey, b: SortKey): number => a[0] - b[0] || a[1].localeCompare(b[1]) || a[2].localeCompare(b[2]);

/** Every status but resolved. */
export const OPEN: QueueStatus[] = ['queued', 'triaged', 'unpaged', 'acknowledged', 'investigating', 'identified', 'monitoring'];

/** A merged incident is not in the queue under any filter: its survivor is (it comes back when the merge is undone). */
const matches = (view: TriageView, filter: QueueFilter): boolean =>
  view.mergedInto === null &&
  (filter.status === 'all' || (filter.status === 'open' ? OPEN.includes(view.status) : view.status === filter.status)) &&
  (filter.team === undefined || view.route?.team === filter.team) &&
  (filter.service === undefined || view.service === filter.service);

export const encodeCursor = (key: SortKey): string => Buffer.from(JSON.stringify(key)).toString('base64url');

/** Undefined when the cursor is not one this API handed out. */
export const decodeCursor = (cursor: string): SortKey | undefined => {
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(key) && key.length === 3 && typeof key[0] === 'number' && typeof key[1] === 'string' && typeof key[2] === 'string') {
      return key as SortKey;
    }
  } catch {
    // falls through: not ours
  }
  return undefined;
};

/** One page of the queue after `after` (keyset paging: stable while incidents come and go). */
export function pageOf(views: TriageView[], filter: QueueFilter, limit: number, after?: SortKey): { items: TriageView[]; nextCursor: string | null } {
  const sorted = views
    .filter((view) => matches(view, filter))
    .map((view) => ({ view, key: keyOf(view) }))
    .filter(({ key }) => after === undefined || compare(key, after) > 0)
    .sort((a, b) => compare(a.key, b.key));
  const page = sorted.slice(0, limit);
  const more = sorted.length > limit;
  return { items: page.map(({ view }) => view), nextCursor: more ? encodeCursor(page[page.length - 1].key) : null };
}
