import { Inject, Injectable } from '@nestjs/common';
import { BusReactor } from '@linchpin/platform';
import { deterministicId, EVENT_STORE, EventStore, MESSAGE_BUS, MessageBus, PublishedEvent, topicOf } from '@linchpin/eventsourcing';
import { ChangeRecorded } from '@linchpin/contracts';
import { serviceChanges, serviceKey } from '../domain/streams';

export const REVIEW_CHANGES_GROUP = 'review.changes';

/**
 * Issue 16, changes next to incidents: copies detection's changes (`ChangeRecorded`, raised to its newest version) into
 * `reviewChanges-<service>` for each service it names, in review's own store. The dependencies they are followed
 * through come from review's one copy of the catalog (`CatalogReactor`, group `review.catalog`). Its own group, read
 * from the topic's start, so that a new deployment copies what the bus still holds; ids derive from the source event,
 * so redelivery adds nothing.
 */
@Injectable()
export class ChangesReactor extends BusReactor {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(MESSAGE_BUS) bus: MessageBus,
  ) {
    super(bus, REVIEW_CHANGES_GROUP, [topicOf('detection')]);
  }

  protected async react(event: PublishedEvent): Promise<void> {
    if (!ChangeRecorded.is(event)) return;
    // The source's time: when the change happened, as detection decided it.
    const context = { actor: 'system:review', causationId: event.id, occurredAt: event.metadata.occurredAt };
    const change = { ...event.data, sourceEventId: event.id, recordedAt: event.recordedAt, actor: event.metadata.actor };
    for (const service of new Set(event.data.services.map(serviceKey))) {
      await serviceChanges.handle(this.store, { type: 'NoteChange', eventId: deterministicId(event.id, `review.changes:${service}`), service, change, context });
    }
  }
}
