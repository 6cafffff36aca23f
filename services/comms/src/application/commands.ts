import { Query } from '@nestjs/cqrs';
import type { DeliveryView } from './delivery-view';
import { commandWith, RequestContext } from '@linchpin/platform';
import { PostStatusUpdate, StatusUpdate } from '../domain/status-update.decider';

/**
 * `request.idempotencyKey` (the `Idempotency-Key` header) makes the update id name-based, so a retried POST posts nothing new.
 * Without `message`, the handler renders the phase's template for the incident.
 */
export class PostStatusUpdateCommand extends commandWith<
  Pick<PostStatusUpdate, 'incidentId' | 'audience' | 'status' | 'impact' | 'eta'> & { message?: string; request: RequestContext },
  { updateId: string }
>() {}

export class ListStatusUpdatesQuery extends Query<{ incidentId: string; updates: StatusUpdate[] }> {
  constructor(readonly incidentId: string) {
    super();
  }
}

export type { DeliveryView } from './delivery-view';

/** One delivery, by its id (`Linchpin-Delivery`) or by the id of the page it carries. */
export class GetDeliveryQuery extends Query<DeliveryView> {
  constructor(readonly id: string) {
    super();
  }
}
