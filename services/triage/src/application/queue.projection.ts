import { Inject, Injectable } from '@nestjs/common';
import { upcast } from '@linchpin/contracts';
import { EVENT_STORE, EventStore, ProjectionFeed, RecordedEvent } from '@linchpin/eventsourcing';
import { ResponseNotes, responseNotesDecider, ResponseNotesEvent } from '../domain/response-notes.decider';
import { RESPONSE_NOTES_STREAM_PREFIX, TRIAGE_STREAM_PREFIX } from '../domain/streams';
import { triageDecider, TriageEvent, TriageState } from '../domain/triage.decider';
import { TriageView, viewOf } from './triage-view';

/**
 * Every incident triage knows, folded from triage's own streams only: `triage-` (what it decided, and
 * the status coordination told it) and `responseNotes-` (coordination's mitigation, merges and SLA
 * clocks), each first recorded there.
 */
@Injectable()
export class QueueProjection {
  private readonly states = new Map<string, TriageState>();
  private readonly notes = new Map<string, ResponseNotes>();
  private readonly feed: ProjectionFeed;

  constructor(@Inject(EVENT_STORE) store: EventStore) {
    this.feed = new ProjectionFeed(store, [TRIAGE_STREAM_PREFIX, RESPONSE_NOTES_STREAM_PREFIX], (event) => this.apply(event));
  }

  async all(): Promise<TriageView[]> {
    await this.feed.current();
    return [...this.states.entries()].map(([incidentId, state]) => viewOf(state, this.notes.get(incidentId))).filter((view): view is TriageView => view !== undefined);
  }

  private apply(recorded: RecordedEvent): void {
    if (recorded.streamId.startsWith(RESPONSE_NOTES_STREAM_PREFIX)) {
      const event = upcast(recorded) as unknown as ResponseNotesEvent;
      const incidentId = event.data.incidentId;
      this.notes.set(incidentId, responseNotesDecider.evolve(this.notes.get(incidentId) ?? responseNotesDecider.initialState, event));
      return;
    }
    const event = upcast(recorded) as unknown as TriageEvent;
    const incidentId = event.data.incidentId;
    this.states.set(incidentId, triageDecider.evolve(this.states.get(incidentId) ?? triageDecider.initialState, event));
  }
}
