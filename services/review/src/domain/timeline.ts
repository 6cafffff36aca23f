import { CommandContext, metadataOf } from '@linchpin/eventsourcing';
import { TimelineEntryRecordedEvent, TimelineEntryRecordedV2 } from '@linchpin/contracts';
import { summarize } from './summary';

/** A person's note as the timeline shows it: its text as last corrected. */
export interface NoteFacts {
  noteId: string;
  kind: 'note' | 'decision' | 'annotation';
  text: string;
  /** The entry it is about (its `eventId`), or null. */
  about: string | null;
  /** When it was last corrected (the correction's event time), or null. */
  correctedAt: string | null;
}

export interface TimelineEntry {
  /** The source event's id; for a note, the note's id; for a correction, its own. */
  eventId: string;
  /** When the source context recorded it (review's own record time for notes and corrections). */
  at: string;
  /** When it happened, at the source (`metadata.occurredAt`); for an entry recorded before v2, its record time. */
  occurredAt: string;
  context: string;
  type: string;
  schemaVersion: number;
  actor: string;
  summary: string;
  data: unknown;
  /** Only on a note (`TimelineNoteAdded`). */
  note?: NoteFacts;
  /** Only on a correction (`TimelineNoteCorrected`): the note it corrects. */
  correctionOf?: string;
  /** Only on a change shown before the incident (`ChangeRecorded`, issue 16): why it is shown. */
  change?: ChangeFacts;
}

/** A change next to the incident: the service that relates it, how, and what the sender said of it. */
export interface ChangeFacts {
  changeId: string;
  services: string[];
  service: string;
  relation: 'impacted' | 'dependency';
  via: string[];
  source: string | null;
  links: { href: string; text?: string }[];
  customDetails: string | null;
  customDetailsTruncated: boolean;
}

export interface RecordEntry {
  type: 'RecordEntry';
  /** Derived from the source event id: the store keeps one entry per source, however often it arrives. */
  eventId: string;
  incidentId: string;
  source: { id: string; type: string; schemaVersion: number; context: string; recordedAt: string; occurredAt: string; actor: string; data: unknown };
  context: CommandContext;
}

/** The entry a source event becomes on its incident's timeline (the timeline decider's one event). */
export const recordEntry = (command: RecordEntry): TimelineEntryRecordedEvent => {
  const { source } = command;
  return TimelineEntryRecordedV2.create(
    command.eventId,
    {
      incidentId: command.incidentId,
      sourceEventId: source.id,
      sourceType: source.type,
      sourceSchemaVersion: source.schemaVersion,
      context: source.context,
      at: source.recordedAt,
      occurredAt: source.occurredAt,
      actor: source.actor,
      summary: summarize(source.type, source.data),
      data: source.data,
    },
    metadataOf(command.context, command.incidentId),
  );
};

export const entryOf = ({ data: d }: TimelineEntryRecordedEvent): TimelineEntry => ({
  eventId: d.sourceEventId,
  at: d.at,
  occurredAt: d.occurredAt,
  context: d.context,
  type: d.sourceType,
  schemaVersion: d.sourceSchemaVersion,
  actor: d.actor,
  summary: d.summary,
  data: d.data,
});

/** Entries by `at`; ties keep the order they were recorded in (Array.prototype.sort is stable). */
export const ordered = (entries: readonly TimelineEntry[]): TimelineEntry[] =>
  entries.map((e, i) => ({ e, i, t: Date.parse(e.at) })).sort((a, b) => a.t - b.t || a.i - b.i).map(({ e }) => e);
