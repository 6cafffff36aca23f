import { Query, IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { StatusPageView } from '../../domain/status-page/status-page-view';
import { StatusPageProjection } from './status-page.projection';

/** The public status page as it stands now (components, open incidents, 90 days of history). */
export class GetStatusPageQuery extends Query<StatusPageView> {}

@QueryHandler(GetStatusPageQuery)
export class GetStatusPageHandler implements IQueryHandler<GetStatusPageQuery> {
  constructor(private readonly projection: StatusPageProjection) {}

  execute(): Promise<StatusPageView> {
    return this.projection.view();
  }
}
