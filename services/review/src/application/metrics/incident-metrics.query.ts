import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { CLOCK, Clock, EVENT_STORE, EventStore, NotFoundError } from '@linchpin/eventsourcing';
import { upcast } from '@linchpin/contracts';
import { IncidentMetrics, METRICS_DEFINITIONS_VERSION, incidentMetrics } from '../../domain/metrics/incident-metrics';
import { entriesOf } from '../../domain/notes';
import { timelineStream } from '../../domain/streams';

export interface IncidentMetricsView extends IncidentMetrics {
  incidentId: string;
  /** The version of the definitions the figures follow (README "Metrics"). */
  definitions: number;
  /** The moment the figures stand at: `?at`, else the time of the answer. */
  asOf: string;
}

export class GetIncidentMetricsQuery extends Query<IncidentMetricsView> {
  constructor(
    readonly incidentId: string,
    /** When given: only what had happened by then counts. */
    readonly at?: Date,
  ) {
    super();
  }
}

/** Folds review's own timeline of the incident (never another context's API), so the figures rebuild from review's events. */
@QueryHandler(GetIncidentMetricsQuery)
export class GetIncidentMetricsHandler implements IQueryHandler<GetIncidentMetricsQuery> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ incidentId, at }: GetIncidentMetricsQuery): Promise<IncidentMetricsView> {
    const events = await this.store.readStream(timelineStream(incidentId));
    if (events.length === 0) throw new NotFoundError('incident timeline', incidentId);
    // Notes and corrections are entries too (people's words): the fold counts only what the contexts recorded.
    const entries = entriesOf(events.map((e) => upcast(e)));
    return {
      incidentId,
      definitions: METRICS_DEFINITIONS_VERSION,
      asOf: (at ?? this.clock.now()).toISOString(),
      ...incidentMetrics(entries, at),
    };
  }
}
