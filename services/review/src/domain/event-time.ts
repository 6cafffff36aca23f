import { TimelineEntry } from './timeline';

/**
 * When an entry's source event happened (its `metadata.occurredAt`, at the source), which metrics measure by.
 * Entries recorded before the timeline kept it (TimelineEntryRecorded v1) only hold the source's record time,
 * `at`: the two are the same moment but for the source's own latency, so that is the best there is.
 */
export const eventTimeOf = (entry: TimelineEntry & { occurredAt?: string }): string => entry.occurredAt ?? entry.at;
