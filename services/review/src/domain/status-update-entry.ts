import { TimelineEntry } from './timeline';

/** What a status update on the timeline says beyond its summary: who it was for, its phase, impact and eta. */
export interface StatusUpdateFacts {
  audience: string;
  phase: string;
  impact: string;
  eta: string | null;
}

const read = (data: unknown, key: string): unknown => (data && typeof data === 'object' ? (data as Record<string, unknown>)[key] : undefined);
const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/**
 * The facts of a `StatusUpdatePosted` entry, undefined for any other entry. Entries recorded before v2 hold v1 data
 * (no audience): v1 updates went to stakeholders and the status page, so they read as public, impact none, as the
 * contracts' upcaster raises them.
 */
export function statusUpdateFactsOf(entry: Pick<TimelineEntry, 'type' | 'data'>): StatusUpdateFacts | undefined {
  if (entry.type !== 'StatusUpdatePosted') return undefined;
  const d = entry.data;
  return {
    audience: text(read(d, 'audience')) ?? 'public',
    phase: text(read(d, 'status')) ?? '?',
    impact: text(read(d, 'impact')) ?? 'none',
    eta: text(read(d, 'eta')),
  };
}
