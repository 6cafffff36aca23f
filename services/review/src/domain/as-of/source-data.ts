import { RecordedEvent } from '@linchpin/eventsourcing';
import { upcast } from '@linchpin/contracts';
import { TimelineEntry } from '../timeline';

export type Data = Record<string, unknown>;

export const obj = (value: unknown): Data => (value && typeof value === 'object' ? (value as Data) : {});
export const text = (value: unknown): string | null => (typeof value === 'string' && value.length > 0 ? value : null);
export const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/**
 * The source event's data at the newest version of its type (as the metrics read it): the entry keeps the data as
 * its source published it, and the contracts' upcasters say what an older shape means (a v1 page's person, a v1
 * update's audience). A malformed old shape never fails the state: it is read as it is.
 */
export function sourceData(entry: Pick<TimelineEntry, 'type' | 'schemaVersion' | 'data'>): Data {
  try {
    // The chain reads only the type, version and data of what it raises.
    return obj(upcast({ type: entry.type, schemaVersion: entry.schemaVersion, data: entry.data } as unknown as RecordedEvent).data);
  } catch {
    return obj(entry.data);
  }
}
