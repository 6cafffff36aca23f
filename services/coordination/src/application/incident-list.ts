import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { CLOCK, Clock } from '@linchpin/eventsourcing';
import { RequestValidationException } from '@linchpin/platform';
import { IncidentListProjection } from './incident-list.projection';
import { IncidentFilters, IncidentPage } from './incident-list.views';

export class ListIncidentsQuery extends Query<IncidentPage> {
  constructor(
    readonly filters: IncidentFilters,
    readonly limit: number,
    readonly cursor: string | undefined,
  ) {
    super();
  }
}

@QueryHandler(ListIncidentsQuery)
export class ListIncidentsHandler implements IQueryHandler<ListIncidentsQuery> {
  constructor(
    private readonly incidents: IncidentListProjection,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute({ filters, limit, cursor }: ListIncidentsQuery): Promise<IncidentPage> {
    const { openedFrom, openedTo } = filters;
    if (openedFrom !== undefined && openedTo !== undefined && Date.parse(openedTo) <= Date.parse(openedFrom)) {
      throw new RequestValidationException([{ field: 'openedTo', reason: 'openedTo must be after openedFrom' }]);
    }
    return this.incidents.page(filters, limit, cursor, this.clock.now());
  }
}
