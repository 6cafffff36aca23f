import { Inject, Injectable } from '@nestjs/common';
import { BusReactor } from '@linchpin/platform';
import { CLOCK, Clock, EVENT_STORE, EventStore, MESSAGE_BUS, MessageBus, PublishedEvent, topicOf } from '@linchpin/eventsourcing';
import { ResponderPagedV1, StatusUpdatePostedV1 } from '@linchpin/contracts';
import { DeliveryTarget, deliveryIdOf } from '../domain/delivery';
import { subscriptionsFor } from '../domain/subscription.decider';
import { SubscriptionsProjection } from './subscriptions.projection';
import { deliveryRequests } from '../domain/streams';

export const COMMS_GROUP = 'comms';

/**
 * Turns pages and status updates into delivery requests: one per (cause event, target), with a
 * deterministic id, stored in `deliveryRequest-<id>` before the bus message is acknowledged. It
 * sends nothing itself, so a receiver that hangs never holds up the consumer; the
 * DeliveryDispatcher sends every request and records its outcome in `delivery-<id>`.
 */
@Injectable()
export class PagesAndUpdatesReactor extends BusReactor {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(MESSAGE_BUS) bus: MessageBus,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly subscriptions: SubscriptionsProjection,
  ) {
    super(bus, COMMS_GROUP, [topicOf('coordination'), topicOf('comms')]);
  }

  protected async react(event: PublishedEvent): Promise<void> {
    if (ResponderPagedV1.is(event)) {
      const d = event.data;
      const target = d.responder.webhookUrl;
      await this.request(event, { deliveryId: deliveryIdOf(event.id, target), incidentId: d.incidentId, kind: 'page', subjectId: d.pageId, target }, target, {
        type: 'page',
        incidentId: d.incidentId,
        pageId: d.pageId,
        title: d.title,
        priority: d.priority,
        team: d.team,
        responder: { name: d.responder.name },
        escalationLevel: d.escalationLevel,
      });
    } else if (StatusUpdatePostedV1.is(event)) {
      const d = event.data;
      const body = { type: 'status-update', incidentId: d.incidentId, updateId: d.updateId, status: d.status, message: d.message, postedAt: event.metadata.occurredAt };
      for (const s of subscriptionsFor(d.incidentId, await this.subscriptions.all())) {
        const target = `subscription:${s.subscriptionId}`;
        await this.request(
          event,
          { deliveryId: deliveryIdOf(event.id, target), incidentId: d.incidentId, kind: 'status-update', subjectId: d.updateId, target },
          s.webhookUrl,
          body,
          s.subscriptionId,
        );
      }
    }
  }

  private async request(cause: PublishedEvent, delivery: DeliveryTarget, url: string, body: Record<string, unknown>, subscriptionId?: string): Promise<void> {
    // Requested already (a redelivered message): nothing is recorded, the dispatcher has it.
    await deliveryRequests.handle(this.store, {
      type: 'RequestDelivery',
      ...delivery,
      url,
      subscriptionId,
      body,
      context: { actor: 'system:comms', causationId: cause.id, occurredAt: this.clock.now().toISOString() },
    });
  }
}
