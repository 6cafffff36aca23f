import { Inject, Injectable } from '@nestjs/common';
import { BusReactor } from '@linchpin/platform';
import { deterministicId, EVENT_STORE, EventStore, MESSAGE_BUS, MessageBus, PublishedEvent, topicOf } from '@linchpin/eventsourcing';
import { ServiceRegistered, ServiceRetired, ServiceUpdated } from '@linchpin/contracts';
import { ReviewServiceFact } from '../domain/catalog/catalog.decider';
import { reviewServices } from '../domain/streams';

export const REVIEW_CATALOG_GROUP = 'review.catalog';

/**
 * Review's one copy of triage's service catalog (issue 16, items 8 and 9): every version of each service into review's
 * private `reviewService-<name>`, read by analytics (team, business hours) and by the changes shown next to incidents
 * (dependencies as they stood at an incident's start). In the distributed mode review reads no other store and the
 * bus keeps messages only for its retention.
 */
@Injectable()
export class CatalogReactor extends BusReactor {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(MESSAGE_BUS) bus: MessageBus,
  ) {
    super(bus, REVIEW_CATALOG_GROUP, [topicOf('triage')]);
  }

  protected async react(event: PublishedEvent): Promise<void> {
    const heard = serviceFactOf(event);
    if (!heard) return;
    await reviewServices.handle(this.store, {
      type: 'NoteReviewServiceFact',
      eventId: deterministicId(event.id, REVIEW_CATALOG_GROUP),
      version: {
        ...heard,
        sourceEventId: event.id,
        sourceRevision: event.revision,
        heardFrom: event.type,
        occurredAt: event.metadata.occurredAt,
        recordedAt: event.recordedAt,
      },
      context: { actor: 'system:review', causationId: event.id, occurredAt: event.metadata.occurredAt },
    });
  }
}

function serviceFactOf(event: PublishedEvent): { name: string; fact: ReviewServiceFact } | undefined {
  if (ServiceRegistered.is(event) || ServiceUpdated.is(event)) {
    const { name, owningTeam, businessHours, dependsOn } = event.data;
    return { name, fact: { kind: 'listed', owningTeam, businessHours: businessHours ?? null, dependsOn } };
  }
  if (ServiceRetired.is(event)) return { name: event.data.name, fact: { kind: 'retired' } };
  return undefined;
}
