import { Inject, Injectable } from '@nestjs/common';
import { BusReactor } from '@linchpin/platform';
import { deterministicId, EVENT_STORE, EventStore, MESSAGE_BUS, MessageBus, PublishedEvent, topicOf } from '@linchpin/eventsourcing';
import { IncidentTriaged } from '@linchpin/contracts';
import { incidentTriages } from '../domain/streams';

/**
 * Keeps what triage's decision said that the response stream does not (the service, the severity)
 * in coordination's private `incidentTriage-<incidentId>`, for the incident list's filters. Its own
 * consumer group, so paging never waits on it; the id derives from the triage event, and an
 * incident is noted once, so a redelivery records nothing.
 */
@Injectable()
export class IncidentTriageReactor extends BusReactor {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(MESSAGE_BUS) bus: MessageBus,
  ) {
    super(bus, 'coordination.incident-list', [topicOf('triage')]);
  }

  protected async react(event: PublishedEvent): Promise<void> {
    if (!IncidentTriaged.is(event)) return;
    const { incidentId, service, severity } = event.data;
    await incidentTriages.handle(this.store, {
      type: 'NoteIncidentTriage',
      eventId: deterministicId(event.id, 'coordination.incident-triage'),
      incidentId,
      service: service?.trim() ? service.trim() : null,
      severity,
      triageEventId: event.id,
      // Triage's own time: when the decision the note copies was taken.
      context: { actor: 'system:coordination', causationId: event.id, occurredAt: event.metadata.occurredAt },
    });
  }
}
