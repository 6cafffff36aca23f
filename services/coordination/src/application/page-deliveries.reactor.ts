import { Inject, Injectable } from '@nestjs/common';
import { BusReactor } from '@linchpin/platform';
import { deterministicId, EVENT_STORE, EventStore, MESSAGE_BUS, MessageBus, PublishedEvent, topicOf } from '@linchpin/eventsourcing';
import { DeliveryAttemptFailed, NotificationDelivered, NotificationFailed } from '@linchpin/contracts';
import { PageDeliveryNote } from '../domain/page-delivery.decider';
import { pageDeliveries } from '../domain/streams';

export const PAGE_DELIVERIES_GROUP = 'coordination.page-deliveries';

/**
 * Notes each page's delivery as comms reports it (a failed attempt, delivered, failed for good) on
 * coordination's private `pageDelivery-<incidentId>`, so the incident view shows every page's
 * delivery state and the real cause of a failure. Its own group on comms' topic: paging and the
 * escalation's reaction to failures (`coordination.page-failures`) never wait on it.
 */
@Injectable()
export class PageDeliveriesReactor extends BusReactor {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(MESSAGE_BUS) bus: MessageBus,
  ) {
    super(bus, PAGE_DELIVERIES_GROUP, [topicOf('comms')]);
  }

  protected async react(event: PublishedEvent): Promise<void> {
    const note = noteOf(event);
    if (!note) return;
    await pageDeliveries.handle(this.store, {
      type: 'NotePageDelivery',
      eventId: deterministicId(event.id, 'coordination.page-delivery'),
      ...note,
      context: { actor: 'system:coordination', causationId: event.id, occurredAt: event.metadata.occurredAt },
    });
  }
}

function noteOf(event: PublishedEvent): PageDeliveryNote | undefined {
  const at = new Date(event.metadata.occurredAt).toISOString();
  if (DeliveryAttemptFailed.is(event)) {
    const d = event.data;
    if (d.kind !== 'page' || d.pageId === undefined) return undefined;
    return { incidentId: d.incidentId, pageId: d.pageId, deliveryId: d.deliveryId, state: 'retrying', attempts: d.attempt, statusCode: d.statusCode ?? null, error: d.error, at };
  }
  if (NotificationDelivered.is(event) || NotificationFailed.is(event)) {
    const d = event.data;
    if (d.kind !== 'page') return undefined;
    const failed = NotificationFailed.is(event);
    return {
      incidentId: d.incidentId,
      pageId: d.subjectId,
      deliveryId: d.deliveryId,
      state: failed ? 'failed' : 'delivered',
      attempts: d.attempts,
      statusCode: d.statusCode ?? null,
      error: failed ? (event.data as { error: string }).error : null,
      at,
    };
  }
  return undefined;
}
