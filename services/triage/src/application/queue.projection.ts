import { Inject, Injectable } from '@nestjs/common';
import { upcast } from '@linchpin/contracts';
import { EVENT_STORE, EventStore, ProjectionFeed, RecordedEvent } from '@linchpin/eventsourcing';
import { TRIAGE_STREAM_PREFIX } from '../domain/streams';
import { triageDecider, TriageEvent, TriageState } from '../domain/triage.decider';
import { TriageView, viewOf } from './triage-view';

/**
 * Every incident triage knows, folded from triage's own `triage-` streams only (what it learned
 * from detection and coordination was first recorded there).
 */
@Injectable()
export class QueueProjection {
  private readonly states = new Map<string, TriageState>();
  private readonly feed: ProjectionFeed;

  constructor(@Inject(EVENT_STORE) store: EventStore) {
    this.feed = new ProjectionFeed(store, [TRIAGE_STREAM_PREFIX], (event) => this.apply(event));
  }

  async all(): Promise<TriageView[]> {
    await this.feed.current();
    return [...this.states.values()].map(viewOf).filter((view): view is TriageView => view !== undefined);
  }

  private apply(recorded: RecordedEvent): void {
    const event = upcast(recorded) as unknown as TriageEvent;
    const incidentId = event.data.incidentId;
    this.states.set(incidentId, triageDecider.evolve(this.states.get(incidentId) ?? triageDecider.initialState, event));
  }
}
