import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler, IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { CLOCK, Clock, EVENT_STORE, EventStore, NotFoundError, executeCommand, loadState, nameBasedId, newId } from '@linchpin/eventsourcing';
import { NotificationDeliveredV1, NotificationFailedV1 } from '@linchpin/contracts';
import { knownIncidentDecider } from '../domain/known-incident.decider';
import { statusUpdateDecider } from '../domain/status-update.decider';
import { publicView, subscriptionDecider } from '../domain/subscription.decider';
import { CreateSubscriptionCommand, DeliveryView, GetDeliveryQuery, GetSubscriptionQuery, ListStatusUpdatesQuery, PostStatusUpdateCommand, SubscriptionView } from './commands';
import { upcast } from './streams';
import { commsStream, deliveryStream, knownIncidentStream, subscriptionStream } from '../domain/streams';

@CommandHandler(CreateSubscriptionCommand)
export class CreateSubscriptionHandler implements ICommandHandler<CreateSubscriptionCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ webhookUrl, secret, incidentId, context }: CreateSubscriptionCommand): Promise<{ subscriptionId: string }> {
    const subscriptionId = newId();
    await executeCommand(this.store, subscriptionStream(subscriptionId), subscriptionDecider, {
      type: 'CreateSubscription',
      eventId: newId(),
      subscriptionId,
      webhookUrl,
      secret,
      incidentId,
      metadata: {
        ...(incidentId ? { incidentId } : {}),
        correlationId: incidentId ?? context.requestId,
        causationId: context.requestId,
        actor: context.actor,
        occurredAt: this.clock.now().toISOString(),
      },
    });
    return { subscriptionId };
  }
}

@QueryHandler(GetSubscriptionQuery)
export class GetSubscriptionHandler implements IQueryHandler<GetSubscriptionQuery> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ subscriptionId }: GetSubscriptionQuery): Promise<SubscriptionView> {
    const { state } = await loadState(this.store, subscriptionStream(subscriptionId), subscriptionDecider);
    if (state.status === 'none') throw new NotFoundError('subscription', subscriptionId);
    return publicView(state);
  }
}

@CommandHandler(PostStatusUpdateCommand)
export class PostStatusUpdateHandler implements ICommandHandler<PostStatusUpdateCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ incidentId, status, message, context }: PostStatusUpdateCommand): Promise<{ updateId: string }> {
    const updateId = context.idempotencyKey ? nameBasedId(`comms.update:${incidentId}:${context.idempotencyKey}`) : newId();
    // Once known, an incident stays known: reading it apart from the comms stream races with nothing.
    const { state: known } = await loadState(this.store, knownIncidentStream(incidentId), knownIncidentDecider);
    await executeCommand(
      this.store,
      commsStream(incidentId),
      statusUpdateDecider,
      {
        type: 'PostStatusUpdate',
        eventId: newId(),
        incidentId,
        updateId,
        status,
        message,
        incidentKnown: known.known,
        metadata: {
          incidentId,
          correlationId: incidentId,
          causationId: context.requestId,
          actor: context.actor,
          occurredAt: this.clock.now().toISOString(),
        },
      },
      { map: upcast },
    );
    return { updateId };
  }
}

@QueryHandler(ListStatusUpdatesQuery)
export class ListStatusUpdatesHandler implements IQueryHandler<ListStatusUpdatesQuery> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ incidentId }: ListStatusUpdatesQuery) {
    const { state } = await loadState(this.store, commsStream(incidentId), statusUpdateDecider, { map: upcast });
    return { incidentId, updates: state.updates };
  }
}

@QueryHandler(GetDeliveryQuery)
export class GetDeliveryHandler implements IQueryHandler<GetDeliveryQuery> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ deliveryId }: GetDeliveryQuery): Promise<DeliveryView> {
    const outcome = (await this.store.readStream(deliveryStream(deliveryId))).map(upcast).find((e) => NotificationDeliveredV1.is(e) || NotificationFailedV1.is(e));
    if (!outcome) throw new NotFoundError('delivery', deliveryId);
    const d = outcome.data as { incidentId: string; kind: 'page' | 'status-update'; subjectId: string; target: string; attempts: number; statusCode?: number; error?: string };
    return {
      deliveryId,
      outcome: outcome.type === NotificationDeliveredV1.type ? 'delivered' : 'failed',
      incidentId: d.incidentId,
      kind: d.kind,
      subjectId: d.subjectId,
      target: d.target,
      attempts: d.attempts,
      statusCode: d.statusCode ?? null,
      error: d.error ?? null,
      recordedAt: outcome.recordedAt,
    };
  }
}
