import { Inject, Injectable } from '@nestjs/common';
import { BusReactor } from '@linchpin/platform';
import { deterministicId, EVENT_STORE, EventStore, MESSAGE_BUS, MessageBus, PublishedEvent, topicOf } from '@linchpin/eventsourcing';
import { ChangeRecorded, ServiceRegistered, ServiceRetired, ServiceUpdated, upcast } from '@linchpin/contracts';
import { catalogCopies, serviceChanges, serviceKey } from '../domain/streams';

export const REVIEW_CHANGES_GROUP = 'review.changes';

/**
 * Issue 16, changes next to incidents: copies detection's changes (`ChangeRecorded`, into `reviewChanges-<service>` for
 * each service it names) and triage's service catalog (`ServiceRegistered`/`Updated`/`Retired`, into
 * `reviewCatalog-<name>`, for the dependencies) into review's own store. Its own group, read from the topics' start,
 * so that a new deployment copies what the bus still holds; ids derive from the source event, so redelivery adds nothing.
 */
@Injectable()
export class ChangesReactor extends BusReactor {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(MESSAGE_BUS) bus: MessageBus,
  ) {
    super(bus, REVIEW_CHANGES_GROUP, [topicOf('detection'), topicOf('triage')]);
  }

  protected async react(received: PublishedEvent): Promise<void> {
    const event = upcast(received);
    // The source's time: when the change (or the catalog's version) happened, as its context decided it.
    const context = { actor: 'system:review', causationId: event.id, occurredAt: event.metadata.occurredAt };
    if (ChangeRecorded.is(event)) {
      const change = { ...event.data, sourceEventId: event.id, recordedAt: event.recordedAt, actor: event.metadata.actor };
      for (const service of new Set(event.data.services.map(serviceKey))) {
        await serviceChanges.handle(this.store, { type: 'NoteChange', eventId: deterministicId(event.id, `review.changes:${service}`), service, change, context });
      }
      return;
    }
    if (ServiceRegistered.is(event) || ServiceUpdated.is(event) || ServiceRetired.is(event)) {
      const definition = ServiceRetired.is(event) ? null : (event.data as unknown as Record<string, unknown>);
      await catalogCopies.handle(this.store, {
        type: 'NoteCatalog',
        eventId: deterministicId(event.id, 'review.catalog'),
        record: {
          name: serviceKey(event.data.name),
          sourceEventId: event.id,
          sourceRevision: event.revision,
          heardFrom: event.type,
          occurredAt: event.metadata.occurredAt,
          recordedAt: event.recordedAt,
          definition,
        },
        context,
      });
    }
  }
}
