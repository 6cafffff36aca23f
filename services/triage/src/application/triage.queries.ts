import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { EVENT_STORE, EventStore, NotFoundError } from '@linchpin/eventsourcing';
import { pageOf, QueueFilter } from './queue-order';
import { QueueProjection } from './queue.projection';
import { soonestDueAt } from '../domain/sla-clocks';
import { responseNotes, triages } from '../domain/streams';
import { TriageView, viewOf } from './triage-view';

export class GetTriageQuery extends Query<TriageView> {
  constructor(readonly incidentId: string) {
    super();
  }
}

export interface QueueItem {
  incidentId: string;
  priority: string | null;
  triaged: boolean;
  paged: boolean | null;
  pagedReason: string | null;
  escalationExhausted: boolean;
  title: string;
  team: string | null;
  service: string | null;
  severity: string;
  status: string;
  detectedAt: string;
  /** The soonest due time among the incident's running SLA clocks; null when none runs. */
  slaDueAt: string | null;
}

export interface QueuePage {
  items: QueueItem[];
  nextCursor: string | null;
}

export class GetQueueQuery extends Query<QueuePage> {
  constructor(
    readonly filter: QueueFilter,
    readonly limit: number,
    /** Already decoded and checked by the caller. */
    readonly after?: [number, string, string],
  ) {
    super();
  }
}

@QueryHandler(GetTriageQuery)
export class GetTriageHandler implements IQueryHandler<GetTriageQuery, TriageView> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ incidentId }: GetTriageQuery): Promise<TriageView> {
    const [state, notes] = await Promise.all([triages.load(this.store, { incidentId }), responseNotes.load(this.store, { incidentId })]);
    const view = viewOf(state, notes);
    if (!view) throw new NotFoundError('incident', incidentId);
    return view;
  }
}

@QueryHandler(GetQueueQuery)
export class GetQueueHandler implements IQueryHandler<GetQueueQuery, QueuePage> {
  constructor(private readonly projection: QueueProjection) {}

  async execute({ filter, limit, after }: GetQueueQuery): Promise<QueuePage> {
    const { items, nextCursor } = pageOf(await this.projection.all(), filter, limit, after);
    return {
      items: items.map((view) => ({
        incidentId: view.incidentId,
        priority: view.priority,
        triaged: view.triaged,
        paged: view.paged,
        pagedReason: view.pagedReason,
        escalationExhausted: view.escalationExhausted,
        title: view.title,
        team: view.route?.team ?? null,
        service: view.service,
        severity: view.severity,
        status: view.status,
        detectedAt: view.detectedAt,
        slaDueAt: soonestDueAt(view.sla),
      })),
      nextCursor,
    };
  }
}
