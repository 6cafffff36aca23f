import { Inject, Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { upcasters } from '@linchpin/contracts';
import { EVENT_STORE, EventStore, Position, RecordedEvent, StoreSubscription, UpcasterChain } from '@linchpin/eventsourcing';
import { TRIAGE_STREAM_PREFIX } from '../domain/streams';
import { TriageEvent, triageDecider, TriageState } from '../domain/triage.decider';
import { TriageView, viewOf } from './triage-view';

/**
 * Every incident triage knows, folded from triage's own `triage-` streams only (what it learned
 * from detection and coordination was first recorded there). Rebuilt at every start by catching
 * up; `current()` pulls what the store holds beyond what was applied, for read-your-writes.
 */
@Injectable()
export class QueueProjection implements OnModuleInit, OnApplicationShutdown {
  private readonly upcast = new UpcasterChain(upcasters);
  private readonly states = new Map<string, TriageState>();
  private applied: Position = 0;
  private subscription?: StoreSubscription;

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  onModuleInit(): void {
    this.subscription = this.store.subscribeAll({ filter: { streamPrefixes: [TRIAGE_STREAM_PREFIX] } }, (event) => this.apply(event));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.subscription?.stop();
  }

  async all(): Promise<TriageView[]> {
    await this.current();
    return [...this.states.values()].map(viewOf).filter((view): view is TriageView => view !== undefined);
  }

  private async current(): Promise<void> {
    for (;;) {
      const page = await this.store.readAll({ after: this.applied, filter: { streamPrefixes: [TRIAGE_STREAM_PREFIX] }, limit: 500 });
      page.forEach((event) => this.apply(event));
      if (page.length < 500) return;
    }
  }

  /** Synchronous and guarded by position, so the subscription and `current()` never apply twice. */
  private apply(recorded: RecordedEvent): void {
    if (recorded.position <= this.applied) return;
    this.applied = recorded.position;
    const event = this.upcast.upcast(recorded) as unknown as TriageEvent;
    const incidentId = event.data.incidentId;
    this.states.set(incidentId, triageDecider.evolve(this.states.get(incidentId) ?? triageDecider.initialState, event));
  }
}
