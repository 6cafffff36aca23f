import { CommandContext, metadataOf } from '@linchpin/eventsourcing';
import { TimelineEntryRecordedEvent, TimelineEntryRecordedV1 } from '@linchpin/contracts';
import { summarize } from './summary';

export interface TimelineEntry {
  eventId: string;
  at: string;
  context: string;
  type: string;
  schemaVersion: number;
  actor: string;
  summary: string;
  data: unknown;
}

export interface RecordEntry {
  type: 'RecordEntry';
  /** Derived from the source event id: the store keeps one entry per source, however often it arrives. */
  eventId: string;
  incidentId: string;
  source: { id: string; type: string; schemaVersion: number; context: string; recordedAt: string; actor: string; data: unknown };
  context: CommandContext;
}

/** The entry a source event becomes on its incident's timeline (the timeline decider's one event). */
export const recordEntry = (command: RecordEntry): TimelineEntryRecordedEvent => {
  const { source } = command;
  return TimelineEntryRecordedV1.create(
    command.eventId,
    {
      incidentId: command.incidentId,
      sourceEventId: source.id,
      sourceType: source.type,
      sourceSchemaVersion: source.schemaVersion,
      context: source.context,
      at: source.recordedAt,
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
