import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { EVENT_STORE, EventStore, NotFoundError } from '@linchpin/eventsourcing';
import { upcast } from '@linchpin/contracts';
import { redactSecrets } from '@linchpin/platform';
import { IncidentSnapshot, asOf } from '../domain/as-of';
import { ChangeFacts, NoteFacts, TimelineEntry, ordered } from '../domain/timeline';
import { changeEntries } from '../domain/changes/change-entries';
import { ChangesKnownReader } from './changes-known';
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
  /** Only on a change shown before the incident (issue 16): the service that relates it, how, and the sender's details. */
  change?: ChangeFacts;
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
  const { at, occurredAt, context, type, actor, summary, eventId, note, correctionOf, change } = entry;
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
    ...(change ? { change } : {}),
  };
};

const matches = (filter: TimelineFilter) => (entry: TimelineEntry) =>
  (!filter.contexts?.length || filter.contexts.includes(entry.context)) && (!filter.types?.length || filter.types.includes(entry.type));

/** A moment after every entry: the fold of the whole timeline. */
const FAR_FUTURE = new Date(8.64e15);

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
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly changes: ChangesKnownReader,
  ) {}

  async execute({ incidentId, at, filter }: GetTimelineQuery): Promise<TimelineView | TimelineAsOfView> {
    // The whole stream, not the timeline decider's state: the view needs every entry in recorded order,
    // which that state (ids only, kept in a cache) deliberately does not hold.
    const events = await this.store.readStream(timelineStream(incidentId));
    if (events.length === 0) throw new NotFoundError('incident timeline', incidentId);
    const entries = entriesOf(events.map((e) => upcast(e)));
    // Notes read as corrected by then, before filtering: a correction filtered out of the list still applies.
    // The changes before the incident join the listed entries (issue 16): chosen by the state's services and start.
    const listed = (known: TimelineEntry[], state: IncidentSnapshot | null) =>
      ordered([...withCurrentNotes(known), ...changeEntries(state?.changes ?? [])]).filter(matches(filter ?? {})).map(view);
    const until = at ?? FAR_FUTURE;
    const services = asOf(entries, until).state?.services ?? [];
    const then = asOf(entries, until, await this.changes.read(services));
    if (!at) return { incidentId, entries: listed(then.entries, then.state) };
    return { incidentId, asOf: at.toISOString(), state: then.state, entries: listed(then.entries, then.state) };
  }
}
