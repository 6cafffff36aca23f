import { CommandHandler, ICommandHandler, IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { nameBasedId, newId } from '@linchpin/eventsourcing';
import { commandWith, RequestContext, StoreCommandHandler } from '@linchpin/platform';
import { ChangeCommand } from '../domain/change.decider';
import { changes } from '../domain/streams';
import { ChangePage, ChangesProjection } from './changes.projection';
import { IntegrationView } from './config-projections';

/** A change a sender reported, with the integration its key opened (its service is the service that changed). */
export class RecordChangeCommand extends commandWith<
  Pick<ChangeCommand, 'summary' | 'timestamp' | 'source' | 'customDetails' | 'links'> & { integration: IntegrationView; request: RequestContext },
  { changeId: string }
>() {}

/**
 * Records the change through the `changes` binding. With an `Idempotency-Key`, the change id is
 * name-based on the integration and the key, so a retried POST finds its change recorded and records
 * nothing new, even on another replica or after a restart (the platform's replay cache is per process).
 */
@CommandHandler(RecordChangeCommand)
export class RecordChangeHandler extends StoreCommandHandler implements ICommandHandler<RecordChangeCommand> {
  async execute({ integration, request, summary, timestamp, source, customDetails, links }: RecordChangeCommand): Promise<{ changeId: string }> {
    const changeId = request.idempotencyKey ? nameBasedId(`detection.change:${integration.integrationId}:${request.idempotencyKey}`) : newId();
    await changes.handle(this.store, {
      type: 'RecordChange',
      eventId: newId(),
      changeId,
      integrationId: integration.integrationId,
      services: [integration.service],
      summary,
      timestamp,
      source,
      customDetails,
      links,
      context: this.contextOf(request),
    });
    return { changeId };
  }
}

/** A change a sender reported on the generic route, naming the services that changed. */
export class ReportChangeCommand extends commandWith<
  Pick<ChangeCommand, 'services' | 'summary' | 'timestamp' | 'source' | 'customDetails' | 'links'> & { request: RequestContext },
  { changeId: string }
>() {}

/**
 * Records a change reported on `POST /detection/changes` (no integration: the authenticated sender is its actor).
 * With an `Idempotency-Key`, the change id is name-based on the sender and the key, as for PagerDuty's route.
 */
@CommandHandler(ReportChangeCommand)
export class ReportChangeHandler extends StoreCommandHandler implements ICommandHandler<ReportChangeCommand> {
  async execute({ request, services, summary, timestamp, source, customDetails, links }: ReportChangeCommand): Promise<{ changeId: string }> {
    const context = this.contextOf(request);
    const changeId = request.idempotencyKey ? nameBasedId(`detection.change:${context.actor}:${request.idempotencyKey}`) : newId();
    await changes.handle(this.store, { type: 'RecordChange', eventId: newId(), changeId, integrationId: null, services, summary, timestamp, source, customDetails, links, context });
    return { changeId };
  }
}

/** Recent changes, newest first, of one service or of all. */
export class ListChangesQuery extends Query<ChangePage> {
  constructor(
    readonly service: string | undefined,
    readonly limit: number,
    readonly cursor: string | undefined,
  ) {
    super();
  }
}

@QueryHandler(ListChangesQuery)
export class ListChangesHandler implements IQueryHandler<ListChangesQuery, ChangePage> {
  constructor(private readonly changes: ChangesProjection) {}

  execute({ service, limit, cursor }: ListChangesQuery): Promise<ChangePage> {
    return this.changes.page(service, limit, cursor);
  }
}
