import { CommandContext, RecordedEvent, metadataOf } from '@linchpin/eventsourcing';
import {
  TimelineEntryRecordedEvent,
  TimelineNoteAddedEvent,
  TimelineNoteAddedV1,
  TimelineNoteCorrectedEvent,
  TimelineNoteCorrectedV1,
} from '@linchpin/contracts';
import { TimelineEntry, entryOf, ordered } from './timeline';

/** The context people's notes and corrections show under: review's own. */
export const REVIEW_CONTEXT = 'review';

export type NoteKind = TimelineNoteAddedEvent['data']['kind'];
export const NOTE_KINDS: readonly NoteKind[] = ['note', 'decision', 'annotation'];

export interface AddNote {
  type: 'AddNote';
  incidentId: string;
  /** The note's id, also its event's id. */
  noteId: string;
  kind: NoteKind;
  text: string;
  /** The `eventId` of the entry of this timeline it is about, if any. */
  about: string | null;
  context: CommandContext;
}

export interface CorrectNote {
  type: 'CorrectNote';
  incidentId: string;
  noteId: string;
  correctionId: string;
  text: string;
  context: CommandContext;
}

export const noteAdded = (command: AddNote): TimelineNoteAddedEvent =>
  TimelineNoteAddedV1.create(
    command.noteId,
    { incidentId: command.incidentId, noteId: command.noteId, kind: command.kind, text: command.text, about: command.about },
    metadataOf(command.context, command.incidentId),
  );

export const noteCorrected = (command: CorrectNote, previousText: string): TimelineNoteCorrectedEvent =>
  TimelineNoteCorrectedV1.create(
    command.correctionId,
    { incidentId: command.incidentId, noteId: command.noteId, text: command.text, previousText },
    metadataOf(command.context, command.incidentId),
  );

const KIND_LABEL: Record<NoteKind, string> = { note: 'Note', decision: 'Decision', annotation: 'Annotation' };

/** Every event of a timeline stream (upcast) as entries, ordered; notes still read as written (see `withCurrentNotes`). */
export function entriesOf(events: readonly RecordedEvent[]): TimelineEntry[] {
  return ordered(
    events.flatMap((event): TimelineEntry[] => {
      const base = { at: event.recordedAt, occurredAt: event.metadata.occurredAt, context: REVIEW_CONTEXT, type: event.type, schemaVersion: event.schemaVersion, actor: event.metadata.actor };
      switch (event.type) {
        case 'TimelineEntryRecorded':
          return [entryOf(event as unknown as TimelineEntryRecordedEvent)];
        case 'TimelineNoteAdded': {
          const d = (event as unknown as TimelineNoteAddedEvent).data;
          const note = { noteId: d.noteId, kind: d.kind, text: d.text, about: d.about, correctedAt: null };
          return [{ ...base, eventId: d.noteId, summary: '', data: d, note }];
        }
        case 'TimelineNoteCorrected': {
          const d = (event as unknown as TimelineNoteCorrectedEvent).data;
          return [{ ...base, eventId: event.id, summary: `Note corrected: ${d.text} (was: ${d.previousText})`, data: d, correctionOf: d.noteId }];
        }
        default:
          return []; // a type a newer review wrote: not this one's to show
      }
    }),
  );
}

/**
 * Each note with its text as last corrected among `entries` (so as of a past moment, the corrections made by then), and
 * its one-line summary. The corrections stay entries of their own: a note is never rewritten, only read anew.
 */
export function withCurrentNotes(entries: readonly TimelineEntry[]): TimelineEntry[] {
  const corrections = new Map<string, TimelineEntry>();
  for (const entry of entries) if (entry.correctionOf) corrections.set(entry.correctionOf, entry);
  const byId = new Map(entries.map((e) => [e.eventId, e]));
  return entries.map((entry) => {
    if (!entry.note) return entry;
    const last = corrections.get(entry.note.noteId);
    const text = last ? (last.data as { text: string }).text : entry.note.text;
    const about = entry.note.about ? byId.get(entry.note.about) : undefined;
    const summary = `${KIND_LABEL[entry.note.kind]}${about ? ` about ${about.type}` : ''}: ${text}${last ? ' (corrected)' : ''}`;
    return { ...entry, summary, note: { ...entry.note, text, correctedAt: last ? last.occurredAt : null } };
  });
}
