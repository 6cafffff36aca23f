import { Inject, Injectable } from '@nestjs/common';
import { BusReactor } from '@linchpin/platform';
import { deterministicId, EVENT_STORE, EventStore, MESSAGE_BUS, MessageBus, PublishedEvent, topicOf } from '@linchpin/eventsourcing';
import { knownIncidents } from '../domain/streams';

/**
 * Records each incident comms hears of from coordination (a page, an unrouted incident, an
 * acknowledgement, a resolve), so a status update for an unknown incident can be refused, also
 * after a restart. The first event about an incident records it; the others record nothing.
 */
@Injectable()
export class CoordinationIncidentsReactor extends BusReactor {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(MESSAGE_BUS) bus: MessageBus,
  ) {
    super(bus, 'comms.known-incidents', [topicOf('coordination')]);
  }

  protected async react(event: PublishedEvent): Promise<void> {
    const { incidentId } = event.metadata;
    // Team events belong to no incident.
    if (!incidentId) return;
    await knownIncidents.handle(this.store, {
      type: 'RecordKnownIncident',
      eventId: deterministicId(event.id, 'comms.known-incident'),
      incidentId,
      heardFrom: event.type,
      // The source event's time: when coordination decided what made the incident known.
      context: { actor: 'system:comms', causationId: event.id, occurredAt: event.metadata.occurredAt },
    });
  }
}
