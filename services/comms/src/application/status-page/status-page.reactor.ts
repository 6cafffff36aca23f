import { Inject, Injectable } from '@nestjs/common';
import { BusReactor } from '@linchpin/platform';
import { deterministicId, EVENT_STORE, EventStore, MESSAGE_BUS, MessageBus, PublishedEvent, topicOf } from '@linchpin/eventsourcing';
import {
  IncidentMerged,
  IncidentMitigated,
  IncidentReopened,
  IncidentReprioritised,
  IncidentResolved,
  IncidentTriaged,
  IncidentUnmerged,
} from '@linchpin/contracts';
import { FactSource, PublicIncidentFact } from '../../domain/status-page/public-incident.decider';
import { publicIncidents } from '../../domain/streams';

/**
 * Feeds the public status page (issue 15): what triage decided of an incident (its service and priority) and where
 * coordination's response stands (mitigated, resolved, reopened, merged), each recorded once in comms' private
 * `publicIncident-<incidentId>`, so the page survives a restart although neither bus delivers an event twice.
 * Triage's title is kept there too, for the update templates' `{{title}}`; the page does not show it.
 * Triage's service catalog is not published, so the page's components are the services incidents name.
 */
@Injectable()
export class StatusPageReactor extends BusReactor {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(MESSAGE_BUS) bus: MessageBus,
  ) {
    super(bus, 'comms.status-page', [topicOf('triage'), topicOf('coordination')]);
  }

  protected async react(event: PublishedEvent): Promise<void> {
    const { incidentId } = event.metadata;
    if (!incidentId) return;
    const heard = factOf(event);
    if (!heard) return;
    await publicIncidents.handle(this.store, {
      type: 'NotePublicIncidentFact',
      eventId: deterministicId(event.id, 'comms.status-page'),
      incidentId,
      source: heard.source,
      sourceRevision: event.revision,
      heardFrom: event.type,
      fact: heard.fact,
      // The source's time: when the incident started, changed or ended as the page tells it.
      context: { actor: 'system:comms', causationId: event.id, occurredAt: event.metadata.occurredAt },
    });
  }
}

/** The events the page follows, each as the fact it records. */
function factOf(event: PublishedEvent): { source: FactSource; fact: PublicIncidentFact } | undefined {
  if (IncidentTriaged.is(event)) {
    // The title is kept for update templates (`{{title}}`), never shown on the page.
    return { source: 'triage', fact: { kind: 'triaged', service: event.data.service ?? null, priority: event.data.priority, title: event.data.title } };
  }
  if (IncidentReprioritised.is(event)) return { source: 'triage', fact: { kind: 'reprioritised', priority: event.data.priority } };
  if (IncidentMitigated.is(event)) return { source: 'coordination', fact: { kind: 'mitigated' } };
  if (IncidentResolved.is(event)) return { source: 'coordination', fact: { kind: 'resolved' } };
  if (IncidentReopened.is(event)) return { source: 'coordination', fact: { kind: 'reopened' } };
  if (IncidentMerged.is(event)) return { source: 'coordination', fact: { kind: 'merged', into: event.data.into } };
  if (IncidentUnmerged.is(event)) return { source: 'coordination', fact: { kind: 'unmerged' } };
  return undefined;
}
