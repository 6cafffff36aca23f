import { Command, Query } from '@nestjs/cqrs';
import { UpdateStatus, StatusUpdate } from '../domain/status-update.decider';

export interface RequestContext {
  actor: string;
  requestId: string;
  /** `Idempotency-Key` header: the same key gives the same id, so a retried POST creates nothing new. */
  idempotencyKey?: string;
}

export class CreateSubscriptionCommand extends Command<{ subscriptionId: string }> {
  constructor(
    readonly webhookUrl: string,
    readonly secret: string,
    readonly incidentId: string | undefined,
    readonly context: RequestContext,
  ) {
    super();
  }
}

export class PostStatusUpdateCommand extends Command<{ updateId: string }> {
  constructor(
    readonly incidentId: string,
    readonly status: UpdateStatus,
    readonly message: string,
    readonly context: RequestContext,
  ) {
    super();
  }
}

export interface SubscriptionView {
  subscriptionId: string;
  webhookUrl: string;
  incidentId: string | null;
}

export class GetSubscriptionQuery extends Query<SubscriptionView> {
  constructor(readonly subscriptionId: string) {
    super();
  }
}

export class ListStatusUpdatesQuery extends Query<{ incidentId: string; updates: StatusUpdate[] }> {
  constructor(readonly incidentId: string) {
    super();
  }
}

export interface DeliveryView {
  deliveryId: string;
  outcome: 'delivered' | 'failed';
  incidentId: string;
  kind: 'page' | 'status-update';
  subjectId: string;
  target: string;
  attempts: number;
  statusCode: number | null;
  error: string | null;
  recordedAt: string;
}

export class GetDeliveryQuery extends Query<DeliveryView> {
  constructor(readonly deliveryId: string) {
    super();
  }
}
