import { Decider, EventMetadata } from '@linchpin/eventsourcing';
import { TimelineEntryRecordedEvent, TimelineEntryRecordedV1 } from '@linchpin/contracts';
import { summarize } from './summary';

export const timelineStream = (incidentId: string): string => `timeline-${incidentId}`;

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
  eventId: string;
  incidentId: string;
  source: { id: string; type: string; schemaVersion: number; context: string; recordedAt: string; actor: string; data: unknown };
  metadata: EventMetadata;
}

export interface TimelineState {
  entries: TimelineEntry[];
  /** Source event ids already recorded: the timeline holds each source event once. */
  sources: ReadonlySet<string>;
}

export const timelineDecider: Decider<RecordEntry, TimelineState, TimelineEntryRecordedEvent> = {
  initialState: { entries: [], sources: new Set() },
  evolve(state, event) {
    if (event.type !== 'TimelineEntryRecorded') return state;
    const d = event.data;
    const entry: TimelineEntry = {
      eventId: d.sourceEventId,
      at: d.at,
      context: d.context,
      type: d.sourceType,
      schemaVersion: d.sourceSchemaVersion,
      actor: d.actor,
      summary: d.summary,
      data: d.data,
    };
    return { entries: [...state.entries, entry], sources: new Set([...state.sources, d.sourceEventId]) };
  },
  decide(command, state) {
    const { source } = command;
    if (state.sources.has(source.id)) return [];
    return [
      TimelineEntryRecordedV1.create(
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
        command.metadata,
      ),
    ];
  },
};

/** Entries by `at`; ties keep the order they were recorded in (Array.prototype.sort is stable). */
export const ordered = (entries: readonly TimelineEntry[]): TimelineEntry[] =>
  entries.map((e, i) => ({ e, i, t: Date.parse(e.at) })).sort((a, b) => a.t - b.t || a.i - b.i).map(({ e }) => e);
