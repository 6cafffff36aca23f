import { Decider, DomainError, NotFoundError } from '@linchpin/eventsourcing';
import { TimelineEntryRecordedEvent, TimelineNoteAddedEvent, TimelineNoteCorrectedEvent } from '@linchpin/contracts';
import { RecordEntry, recordEntry } from './timeline';
import { AddNote, CorrectNote, noteAdded, noteCorrected } from './notes';

export type TimelineCommand = RecordEntry | AddNote | CorrectNote;
export type TimelineEvent = TimelineEntryRecordedEvent | TimelineNoteAddedEvent | TimelineNoteCorrectedEvent;

/**
 * The events of a timeline, newest first, each link shared with the states before it: folding an
 * event adds one link (a Set copied per entry made replaying a timeline quadratic), and a decision
 * walks the list once, meeting a just-redelivered source first. `id` is the event's own id (what a
 * redelivery repeats); `ref` is the id the timeline shows it by (the source event's id for a copied
 * entry, the note's id for a note), what a note's `about` names.
 */
interface RecordedIds {
  readonly id: string;
  readonly ref: string;
  readonly before: RecordedIds | null;
}

/** What deciding needs to know of a timeline: which events it holds, and each note's current text (the views read the stream). */
export interface TimelineState {
  readonly recorded: RecordedIds | null;
  /** noteId → its text as last corrected. Copied per note or correction only: people write few. */
  readonly notes: Readonly<Record<string, string>>;
}

const find = ({ recorded }: TimelineState, matches: (link: RecordedIds) => boolean): boolean => {
  for (let link = recorded; link; link = link.before) if (matches(link)) return true;
  return false;
};
const holds = (state: TimelineState, id: string): boolean => find(state, (link) => link.id === id);
const shows = (state: TimelineState, ref: string): boolean => find(state, (link) => link.ref === ref);

function decideNote(command: AddNote, state: TimelineState): TimelineEvent[] {
  // Nothing recorded: review has not heard of the incident (yet).
  if (state.recorded === null) throw new NotFoundError('incident timeline', command.incidentId);
  if (holds(state, command.noteId)) return [];
  if (command.about !== null && !shows(state, command.about)) {
    throw new DomainError('unknown_reference', `no entry ${command.about} on the timeline of incident ${command.incidentId}`, 'about');
  }
  return [noteAdded(command)];
}

function decideCorrection(command: CorrectNote, state: TimelineState): TimelineEvent[] {
  if (state.recorded === null) throw new NotFoundError('incident timeline', command.incidentId);
  if (holds(state, command.correctionId)) return [];
  const current = state.notes[command.noteId];
  if (current === undefined) {
    // An entry copied from another context is that context's fact: only what people wrote here is corrected.
    if (shows(state, command.noteId)) throw new DomainError('not_a_note', `entry ${command.noteId} is a fact of its context, not a note: only notes are corrected`, 'noteId');
    throw new NotFoundError('note', command.noteId);
  }
  if (current === command.text) throw new DomainError('nothing_to_correct', 'the note already reads this text', 'text');
  return [noteCorrected(command, current)];
}

/**
 * A timeline copies other contexts' facts and protects one rule: a source is on it once. The entry
 * id derives from the source id, so a redelivered source decides nothing. People add notes about it
 * (an `about` must name one of its entries) and correct them by new events, never by rewriting one.
 */
export const timelineDecider: Decider<TimelineCommand, TimelineState, TimelineEvent> = {
  initialState: { recorded: null, notes: {} },
  evolve: (state, event) => {
    switch (event.type) {
      case 'TimelineNoteAdded':
        return { recorded: { id: event.id, ref: event.data.noteId, before: state.recorded }, notes: { ...state.notes, [event.data.noteId]: event.data.text } };
      case 'TimelineNoteCorrected':
        return { recorded: { id: event.id, ref: event.id, before: state.recorded }, notes: { ...state.notes, [event.data.noteId]: event.data.text } };
      default:
        return { ...state, recorded: { id: event.id, ref: event.data.sourceEventId, before: state.recorded } };
    }
  },
  decide: (command, state) => {
    switch (command.type) {
      case 'AddNote':
        return decideNote(command, state);
      case 'CorrectNote':
        return decideCorrection(command, state);
      default:
        return holds(state, command.eventId) ? [] : [recordEntry(command)];
    }
  },
};
