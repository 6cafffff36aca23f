import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { EVENT_STORE, EventStore, NotFoundError } from '@linchpin/eventsourcing';
import { upcast } from '@linchpin/contracts';
import { redactSecrets } from '@linchpin/platform';
import { IncidentSnapshot, asOf } from '../domain/as-of';
import { NoteFacts, TimelineEntry } from '../domain/timeline';
import { entriesOf, withCurrentNotes } from '../domain/notes';
import { timelineStream } from '../domain/streams';
import { StatusUpdateFacts, statusUpdateFactsOf } from '../domain/status-update-entry';

export interface EntryView {
  /** When the source context recorded it; kept under its first name for the clients that read it. Same as `recordedAt`. */
  at: string;
  recordedAt: string;
  /** When it happened at the source (its `metadata.occurredAt`); for an entry recorded before v2, its record time. */
  occurredAt: string;
  context: string;
  type: string;
  actor: string;
  summary: string;
  eventId: string;
  /** Only on a `StatusUpdatePosted` entry: its audience, phase, impact and eta. */
  statusUpdate?: StatusUpdateFacts;
  /** Only on a note: its kind, current text, what it is about, when it was last corrected. */
  note?: NoteFacts;
  /** Only on a correction: the note it corrects. */
  correctionOf?: string;
}

export interface TimelineView {
  incidentId: string;
  entries: EntryView[];
}

export interface TimelineAsOfView extends TimelineView {
  asOf: string;
  state: IncidentSnapshot | null;
}

/** Which entries to show: each list, when given, is a set of allowed values (an entry must match every list given). */
export interface TimelineFilter {
  contexts?: readonly string[];
  types?: readonly string[];
}

// A summary quotes what its event says (a failed delivery's error may name the webhook URL): shown without credentials; the entry keeps it.
const view = (entry: TimelineEntry): EntryView => {
  const { at, occurredAt, context, type, actor, summary, eventId, note, correctionOf } = entry;
  const statusUpdate = statusUpdateFactsOf(entry);
  return {
    at,
    recordedAt: at,
    occurredAt,
    context,
    type,
    actor,
    summary: redactSecrets(summary),
    eventId,
    ...(statusUpdate ? { statusUpdate } : {}),
    ...(note ? { note: { ...note, text: redactSecrets(note.text) } } : {}),
    ...(correctionOf ? { correctionOf } : {}),
  };
};

const matches = (filter: TimelineFilter) => (entry: TimelineEntry) =>
  (!filter.contexts?.length || filter.contexts.includes(entry.context)) && (!filter.types?.length || filter.types.includes(entry.type));

export class GetTimelineQuery extends Query<TimelineView | TimelineAsOfView> {
  constructor(
    readonly incidentId: string,
    /** When given: the state rebuilt as of that moment and the entries up to it. */
    readonly at?: Date,
    /** Which entries to list; the state as of `at` is folded from them all. */
    readonly filter: TimelineFilter = {},
  ) {
    super();
  }
}

@QueryHandler(GetTimelineQuery)
export class GetTimelineHandler implements IQueryHandler<GetTimelineQuery> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ incidentId, at, filter }: GetTimelineQuery): Promise<TimelineView | TimelineAsOfView> {
    // The whole stream, not the timeline decider's state: the view needs every entry in recorded order,
    // which that state (ids only, kept in a cache) deliberately does not hold.
    const events = await this.store.readStream(timelineStream(incidentId));
    if (events.length === 0) throw new NotFoundError('incident timeline', incidentId);
    const entries = entriesOf(events.map((e) => upcast(e)));
    // Notes read as corrected by then, before filtering: a correction filtered out of the list still applies.
    const listed = (known: TimelineEntry[]) => withCurrentNotes(known).filter(matches(filter ?? {})).map(view);
    if (!at) return { incidentId, entries: listed(entries) };
    const then = asOf(entries, at);
    return { incidentId, asOf: at.toISOString(), state: then.state, entries: listed(then.entries) };
  }
}
