import { CommandHandler, ICommandHandler, IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { NotFoundError } from '@linchpin/eventsourcing';
import { StoreCommandHandler, commandWith, RequestContext } from '@linchpin/platform';
import { deliveries, deliveryRequests } from '../domain/streams';
import { DeliveriesProjection } from './deliveries.projection';
import { DeliveryView, deliveryViewOf } from './delivery-view';

/** Deliveries failed for good, newest failure first, a page of them. */
export class ListDeadLettersQuery extends Query<{ items: DeliveryView[]; nextCursor: string | null }> {
  constructor(
    readonly limit: number,
    readonly cursor?: string,
  ) {
    super();
  }
}

/** Try a delivery that failed for good again: a new round of attempts. */
export class RetryDeliveryCommand extends commandWith<{ deliveryId: string; request: RequestContext }, { deliveryId: string; round: number }>() {}

@QueryHandler(ListDeadLettersQuery)
export class ListDeadLettersHandler implements IQueryHandler<ListDeadLettersQuery> {
  constructor(private readonly deliveries: DeliveriesProjection) {}

  async execute({ limit, cursor }: ListDeadLettersQuery) {
    const { items, nextCursor } = await this.deliveries.deadLetters(limit, cursor);
    return { items: items.map(deliveryViewOf), nextCursor };
  }
}

@CommandHandler(RetryDeliveryCommand)
export class RetryDeliveryHandler extends StoreCommandHandler implements ICommandHandler<RetryDeliveryCommand> {
  async execute({ deliveryId, request }: RetryDeliveryCommand): Promise<{ deliveryId: string; round: number }> {
    // Unknown is a 404; known but not failed (pending, retrying, delivered) is the decider's 409 not_failed.
    if (!(await deliveryRequests.load(this.store, { deliveryId })).requested) throw new NotFoundError('delivery', deliveryId);
    const { events } = await deliveries.handle(this.store, { type: 'RequestRetry', deliveryId, context: this.contextOf(request) });
    return { deliveryId, round: (events[0].data as { round: number }).round };
  }
}
