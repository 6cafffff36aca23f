import { TimelineEntry } from './timeline';

/**
 * When an entry's source event happened (its `metadata.occurredAt`, at the source), which metrics measure by.
 * Entries recorded before the timeline kept it (TimelineEntryRecorded v1) are raised with the source's record time:
 * the two are the same moment but for the source's own latency, so that is the best there is.
 */
export const eventTimeOf = (entry: TimelineEntry): string => entry.occurredAt;
