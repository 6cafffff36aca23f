import { EventStore } from '@linchpin/eventsourcing';
import { upcast } from '@linchpin/contracts';
import { entriesOf, withCurrentNotes } from '../../domain/notes';
import { TimelineEntry } from '../../domain/timeline';
import { timelineStream } from '../../domain/streams';

/** The incident's timeline entries from review's own store (notes at their current text), ordered; none when unknown. */
export async function timelineEntries(store: EventStore, incidentId: string): Promise<TimelineEntry[]> {
  const events = await store.readStream(timelineStream(incidentId));
  return withCurrentNotes(entriesOf(events.map((e) => upcast(e))));
}
