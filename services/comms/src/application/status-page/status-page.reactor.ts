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
  MaintenanceWindowCancelled,
  MaintenanceWindowScheduled,
  ServiceRegistered,
  ServiceRetired,
  ServiceUpdated,
} from '@linchpin/contracts';
import { FactSource, PublicIncidentFact } from '../../domain/status-page/public-incident.decider';
import { PublicServiceFact } from '../../domain/status-page/public-service.decider';
import { PublicMaintenanceFact } from '../../domain/status-page/public-maintenance.decider';
import { publicIncidents, publicMaintenances, publicServices } from '../../domain/streams';

/**
 * Feeds the public status page (issue 15): what triage decided of an incident (its service and priority) and where
 * coordination's response stands (mitigated, resolved, reopened, merged), each recorded once in comms' private
 * `publicIncident-<incidentId>`, so the page survives a restart although neither bus delivers an event twice.
 * Triage's title is kept there too, for the update templates' `{{title}}`; the page does not show it.
 * The page's components come from triage's service catalog too (`publicService-<name>`, each service listed or
 * retired), and detection's maintenance windows say which are under maintenance (`publicMaintenance-<windowId>`).
 */
@Injectable()
export class StatusPageReactor extends BusReactor {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(MESSAGE_BUS) bus: MessageBus,
  ) {
    super(bus, 'comms.status-page', [topicOf('triage'), topicOf('coordination'), topicOf('detection')]);
  }

  protected async react(event: PublishedEvent): Promise<void> {
    const eventId = deterministicId(event.id, 'comms.status-page');
    // The source's time, as for incidents.
    const context = { actor: 'system:comms', causationId: event.id, occurredAt: event.metadata.occurredAt };
    const service = serviceFactOf(event);
    if (service) {
      await publicServices.handle(this.store, { type: 'NotePublicServiceFact', eventId, ...service, sourceRevision: event.revision, heardFrom: event.type, context });
      return;
    }
    const maintenance = maintenanceFactOf(event);
    if (maintenance) {
      await publicMaintenances.handle(this.store, { type: 'NotePublicMaintenanceFact', eventId, ...maintenance, sourceRevision: event.revision, heardFrom: event.type, context });
      return;
    }
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

/** Triage's catalog events, each as the service fact the page keeps (its display name only: the rest is not public). */
function serviceFactOf(event: PublishedEvent): { name: string; fact: PublicServiceFact } | undefined {
  if (ServiceRegistered.is(event) || ServiceUpdated.is(event)) {
    return { name: event.data.name, fact: { kind: 'listed', displayName: event.data.displayName ?? null } };
  }
  if (ServiceRetired.is(event)) return { name: event.data.name, fact: { kind: 'retired' } };
  return undefined;
}

/** Detection's maintenance windows, each as the fact the page keeps (when and the scope; not the operator's name). */
function maintenanceFactOf(event: PublishedEvent): { windowId: string; fact: PublicMaintenanceFact } | undefined {
  if (MaintenanceWindowScheduled.is(event)) {
    const { windowId, startsAt, endsAt, services, labels } = event.data;
    return { windowId, fact: { kind: 'scheduled', startsAt, endsAt, services, labels } };
  }
  if (MaintenanceWindowCancelled.is(event)) return { windowId: event.data.windowId, fact: { kind: 'cancelled' } };
  return undefined;
}
