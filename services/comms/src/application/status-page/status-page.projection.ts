import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, Clock, EVENT_STORE, EventStore, ProjectionFeed, RecordedEvent } from '@linchpin/eventsourcing';
import { StatusUpdatePosted, upcast } from '@linchpin/contracts';
import { applyPublicFact, initialPublicIncident, PublicIncidentNoted } from '../../domain/status-page/public-incident.decider';
import { audienceOf, PublicUpdate } from '../../domain/status-page/public-updates';
import { CatalogedService, KnownIncident, STATUS_PAGE_LIMITS, StatusPageView, statusPageView } from '../../domain/status-page/status-page-view';
import { applyServiceFact, initialPublicService, PublicServiceNoted } from '../../domain/status-page/public-service.decider';
import { applyMaintenanceFact, initialPublicMaintenance, PublicMaintenanceNoted, PublicMaintenanceState } from '../../domain/status-page/public-maintenance.decider';
import { COMMS_STREAM_PREFIX, PUBLIC_INCIDENT_STREAM_PREFIX, PUBLIC_MAINTENANCE_STREAM_PREFIX, PUBLIC_SERVICE_STREAM_PREFIX } from '../../domain/streams';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The public status page's read model, folded from comms' own store: the `publicIncident-` streams (what triage and
 * coordination said of each incident), the `comms-` streams (the status updates, public ones only), the
 * `publicService-` streams (triage's catalog) and the `publicMaintenance-` streams (detection's maintenance windows). Rebuilt at
 * every start by its first read, caught up before each read. Incidents resolved more than the history's 90 days
 * ago are dropped (their service stays a component), so it holds what the page can show; so are maintenance windows
 * over for more than that.
 */
@Injectable()
export class StatusPageProjection {
  private readonly incidents = new Map<string, KnownIncident>();
  private readonly updates = new Map<string, PublicUpdate[]>();
  private readonly services = new Set<string>();
  private readonly catalog = new Map<string, CatalogedService & { revision: number }>();
  private readonly maintenances = new Map<string, PublicMaintenanceState>();
  private readonly feed: ProjectionFeed;

  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.feed = new ProjectionFeed(store, [PUBLIC_INCIDENT_STREAM_PREFIX, COMMS_STREAM_PREFIX, PUBLIC_SERVICE_STREAM_PREFIX, PUBLIC_MAINTENANCE_STREAM_PREFIX], (event) => this.apply(upcast(event)));
  }

  async view(): Promise<StatusPageView> {
    await this.feed.current();
    const now = this.clock.now();
    this.forgetBefore(new Date(now.getTime() - STATUS_PAGE_LIMITS.historyDays * DAY_MS).toISOString());
    return statusPageView({
      incidents: this.incidents.values(),
      updatesOf: (id) => this.updates.get(id) ?? [],
      services: this.services,
      catalog: this.catalog.values(),
      maintenances: [...this.maintenances.values()].flatMap((m) => (m.window ? [m.window] : [])),
      now,
    });
  }

  private apply(event: RecordedEvent): void {
    if (PublicIncidentNoted.is(event)) {
      const { incidentId } = event.data;
      const before = this.incidents.get(incidentId) ?? { ...initialPublicIncident, incidentId };
      const after = { ...applyPublicFact(before, event.data, event.metadata.occurredAt), incidentId };
      this.incidents.set(incidentId, after);
      if (after.service) this.services.add(after.service);
    } else if (PublicServiceNoted.is(event)) {
      const { name } = event.data;
      const before = this.catalog.get(name) ?? { ...initialPublicService, name };
      this.catalog.set(name, { ...applyServiceFact(before, event.data), name });
    } else if (PublicMaintenanceNoted.is(event)) {
      const { windowId } = event.data;
      this.maintenances.set(windowId, applyMaintenanceFact(this.maintenances.get(windowId) ?? initialPublicMaintenance, event.data));
    } else if (StatusUpdatePosted.is(event) && audienceOf(event.data) === 'public') {
      const { incidentId, updateId, status, message } = event.data;
      const list = this.updates.get(incidentId) ?? [];
      list.push({ updateId, status, message, postedAt: event.metadata.occurredAt });
      // Only the newest are shown.
      if (list.length > STATUS_PAGE_LIMITS.updatesPerIncident) list.shift();
      this.updates.set(incidentId, list);
    }
  }

  private forgetBefore(since: string): void {
    for (const [id, incident] of this.incidents) {
      if (incident.phase === 'resolved' && incident.resolvedAt && incident.resolvedAt < since) {
        this.incidents.delete(id);
        this.updates.delete(id);
      }
    }
    for (const [id, { window }] of this.maintenances) if (window && new Date(window.endsAt).toISOString() < since) this.maintenances.delete(id);
  }
}
