import { Inject, Injectable, Logger } from '@nestjs/common';
import { BusReactor } from '@linchpin/platform';
import {
  CLOCK,
  Clock,
  ConcurrencyError,
  EVENT_STORE,
  EventStore,
  MESSAGE_BUS,
  MessageBus,
  PublishedEvent,
  topicOf,
} from '@linchpin/eventsourcing';
import { ResponderPagedV1, StatusUpdatePostedV1 } from '@linchpin/contracts';
import { DeliveryTarget, alreadyDelivered, deliveryIdOf, deliveryOutcome, deliveryStream } from '../domain/delivery';
import { subscriptionsFor } from '../domain/subscription.decider';
import { COMMS_OPTIONS, CommsOptions } from './comms.options';
import { SubscriptionsProjection } from './subscriptions.projection';
import { WebhookSender } from './webhook-sender';

export const COMMS_GROUP = 'comms';

/**
 * Delivers signed webhooks: pages to the paged responder, status updates to every matching
 * subscription. Each (cause event, target) is one delivery with a deterministic id whose outcome
 * is recorded in `delivery-<id>`; a redelivered bus message finds the outcome and sends nothing.
 */
@Injectable()
export class DeliveryReactor extends BusReactor {
  private readonly logger = new Logger(DeliveryReactor.name);

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(MESSAGE_BUS) bus: MessageBus,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(COMMS_OPTIONS) private readonly options: CommsOptions,
    private readonly sender: WebhookSender,
    private readonly subscriptions: SubscriptionsProjection,
  ) {
    super(bus, COMMS_GROUP, [topicOf('coordination'), topicOf('comms')]);
  }

  protected async react(event: PublishedEvent): Promise<void> {
    if (ResponderPagedV1.is(event)) {
      const d = event.data;
      await this.deliver(
        event,
        { deliveryId: deliveryIdOf(event.id, d.responder.webhookUrl), incidentId: d.incidentId, kind: 'page', subjectId: d.pageId, target: d.responder.webhookUrl },
        d.responder.webhookUrl,
        this.options.signingSecret,
        {
          type: 'page',
          incidentId: d.incidentId,
          pageId: d.pageId,
          title: d.title,
          priority: d.priority,
          team: d.team,
          responder: { name: d.responder.name },
          escalationLevel: d.escalationLevel,
        },
      );
    } else if (StatusUpdatePostedV1.is(event)) {
      const d = event.data;
      const body = { type: 'status-update', incidentId: d.incidentId, updateId: d.updateId, status: d.status, message: d.message, postedAt: event.metadata.occurredAt };
      const targets = subscriptionsFor(d.incidentId, await this.subscriptions.all());
      await Promise.all(
        targets.map((s) => {
          const target = `subscription:${s.subscriptionId}`;
          return this.deliver(
            event,
            { deliveryId: deliveryIdOf(event.id, target), incidentId: d.incidentId, kind: 'status-update', subjectId: d.updateId, target },
            s.webhookUrl,
            s.secret,
            body,
          );
        }),
      );
    }
  }

  private async deliver(cause: PublishedEvent, delivery: DeliveryTarget, url: string, secret: string, body: unknown): Promise<void> {
    const stream = deliveryStream(delivery.deliveryId);
    if (alreadyDelivered(await this.store.readStream(stream))) return;
    const attempts = await this.sender.send({ url, secret, deliveryId: delivery.deliveryId, kind: delivery.kind, body });
    const outcome = deliveryOutcome(delivery, attempts, {
      incidentId: delivery.incidentId,
      correlationId: delivery.incidentId,
      causationId: cause.id,
      actor: 'system:comms',
      occurredAt: this.clock.now().toISOString(),
    });
    try {
      await this.store.append(stream, [outcome], 'no_stream');
    } catch (error) {
      // Another consumer recorded this delivery meanwhile: its outcome stands.
      if (!(error instanceof ConcurrencyError)) throw error;
    }
    if (outcome.type === 'NotificationFailed') {
      this.logger.warn(`${delivery.kind} ${delivery.subjectId} to ${delivery.target} failed after ${outcome.data.attempts} attempts: ${outcome.data.error}`);
    }
  }
}
