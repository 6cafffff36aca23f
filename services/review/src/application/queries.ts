import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { EVENT_STORE, EventStore, NotFoundError } from '@linchpin/eventsourcing';
import { TimelineEntryRecordedEvent, upcast } from '@linchpin/contracts';
import { redactSecrets } from '@linchpin/platform';
import { IncidentSnapshot, asOf } from '../domain/as-of';
import { TimelineEntry, entryOf, ordered } from '../domain/timeline';
import { timelineStream } from '../domain/streams';
import { StatusUpdateFacts, statusUpdateFactsOf } from '../domain/status-update-entry';

export interface EntryView {
  at: string;
  context: string;
  type: string;
  actor: string;
  summary: string;
  eventId: string;
  /** Only on a `StatusUpdatePosted` entry: its audience, phase, impact and eta. */
  statusUpdate?: StatusUpdateFacts;
}

export interface TimelineView {
  incidentId: string;
  entries: EntryView[];
}

export interface TimelineAsOfView extends TimelineView {
  asOf: string;
  state: IncidentSnapshot | null;
}

// A summary quotes what its event says (a failed delivery's error may name the webhook URL): shown without credentials; the entry keeps it.
const view = (entry: TimelineEntry): EntryView => {
  const { at, context, type, actor, summary, eventId } = entry;
  const statusUpdate = statusUpdateFactsOf(entry);
  return { at, context, type, actor, summary: redactSecrets(summary), eventId, ...(statusUpdate ? { statusUpdate } : {}) };
};

export class GetTimelineQuery extends Query<TimelineView | TimelineAsOfView> {
  constructor(
    readonly incidentId: string,
    /** When given: the state rebuilt as of that moment and the entries up to it. */
    readonly at?: Date,
  ) {
    super();
  }
}

@QueryHandler(GetTimelineQuery)
export class GetTimelineHandler implements IQueryHandler<GetTimelineQuery> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ incidentId, at }: GetTimelineQuery): Promise<TimelineView | TimelineAsOfView> {
    // The whole stream, not the timeline decider's state: the view needs every entry in recorded order,
    // which that state (ids only, kept in a cache) deliberately does not hold.
    const events = await this.store.readStream(timelineStream(incidentId));
    if (events.length === 0) throw new NotFoundError('incident timeline', incidentId);
    const entries = ordered(events.map((e) => entryOf(upcast(e) as TimelineEntryRecordedEvent)));
    if (!at) return { incidentId, entries: entries.map(view) };
    const then = asOf(entries, at);
    return { incidentId, asOf: at.toISOString(), state: then.state, entries: then.entries.map(view) };
  }
}
