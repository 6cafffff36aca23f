import { Inject, Injectable } from '@nestjs/common';
import { BusReactor } from '@linchpin/platform';
import { deterministicId, EVENT_STORE, EventStore, MESSAGE_BUS, MessageBus, PublishedEvent, topicOf } from '@linchpin/eventsourcing';
import { IncidentReassigned, IncidentUnrouted, ResponderPaged } from '@linchpin/contracts';
import { TeamHeard } from '../domain/incident-team';
import { knownIncidents } from '../domain/streams';

/**
 * Records each incident comms hears of from coordination (a page, an unrouted incident, an
 * acknowledgement, a resolve), so a status update for an unknown incident can be refused, also
 * after a restart. The first event about an incident records it; the others record nothing.
 * It also records the incident's team as coordination holds it (issue 14, team scoping): named by
 * the first page or `IncidentUnrouted`, moved by a reassignment to a team.
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
    const team = teamHeard(event);
    await knownIncidents.handle(this.store, {
      type: 'RecordKnownIncident',
      eventId: deterministicId(event.id, 'comms.known-incident'),
      incidentId,
      heardFrom: event.type,
      ...(team ? { team } : {}),
      // The source event's time: when coordination decided what made the incident known.
      context: { actor: 'system:comms', causationId: event.id, occurredAt: event.metadata.occurredAt },
    });
  }
}

/** What a coordination event says of its incident's team: only these three name it. */
function teamHeard(event: PublishedEvent): TeamHeard | undefined {
  const heard = { sourceRevision: event.revision, eventId: deterministicId(event.id, 'comms.known-incident-team') };
  if (ResponderPaged.is(event)) return { via: 'page', name: event.data.team, id: event.data.teamId, ...heard };
  if (IncidentUnrouted.is(event)) return { via: 'unrouted', name: event.data.team, id: null, ...heard };
  if (IncidentReassigned.is(event) && event.data.to.kind === 'team') return { via: 'reassignment', name: event.data.to.name, id: event.data.to.id, ...heard };
  return undefined;
}
