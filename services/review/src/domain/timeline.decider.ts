import { Decider } from '@linchpin/eventsourcing';
import { TimelineEntryRecordedEvent } from '@linchpin/contracts';
import { RecordEntry, recordEntry } from './timeline';

export type TimelineCommand = RecordEntry;
export type TimelineEvent = TimelineEntryRecordedEvent;

/**
 * The ids of the entries recorded, newest first, each link shared with the states before it:
 * folding an entry adds one link (a Set copied per entry made replaying a timeline quadratic),
 * and a decision walks the list once, meeting a just-redelivered source first.
 */
interface RecordedIds {
  readonly id: string;
  readonly before: RecordedIds | null;
}

/** What recording needs to know of a timeline: which entries it holds (the views read the stream). */
export interface TimelineState {
  readonly recorded: RecordedIds | null;
}

const holds = ({ recorded }: TimelineState, id: string): boolean => {
  for (let link = recorded; link; link = link.before) if (link.id === id) return true;
  return false;
};

/**
 * A timeline copies other contexts' facts and protects one rule: a source is on it once. The entry
 * id derives from the source id, so a redelivered source decides nothing.
 */
export const timelineDecider: Decider<TimelineCommand, TimelineState, TimelineEvent> = {
  initialState: { recorded: null },
  evolve: (state, event) => ({ recorded: { id: event.id, before: state.recorded } }),
  decide: (command, state) => (holds(state, command.eventId) ? [] : [recordEntry(command)]),
};
