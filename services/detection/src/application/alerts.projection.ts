import { Inject, Injectable } from '@nestjs/common';
import { AlertDeduplicated, AlertFired, AlertResolved, upcasters } from '@linchpin/contracts';
import { EVENT_STORE, EventStore, ProjectionFeed, RecordedEvent, UpcasterChain } from '@linchpin/eventsourcing';
import { Severity } from '../domain/alert.decider';
import { ALERT_STREAM_PREFIX } from '../domain/streams';

export interface AlertView {
  alertId: string;
  incidentId: string;
  fingerprint: string;
  source: string;
  summary: string;
  severity: Severity;
  labels: Record<string, string>;
  status: 'firing' | 'resolved';
  occurrences: number;
  /** When it began at its source. */
  startsAt: string;
  /** When Linchpin last received it. */
  lastSeenAt: string;
  /** When it ended at its source; null while firing. */
  endsAt: string | null;
}

/** Alerts by id and by incident, folded from detection's own `alert-` streams. */
@Injectable()
export class AlertsProjection {
  private readonly upcast = new UpcasterChain(upcasters);
  private readonly alerts = new Map<string, AlertView>();
  private readonly byIncident = new Map<string, string[]>();
  private readonly feed: ProjectionFeed;

  constructor(@Inject(EVENT_STORE) store: EventStore) {
    this.feed = new ProjectionFeed(store, [ALERT_STREAM_PREFIX], (event) => this.apply(event));
  }

  async alert(alertId: string): Promise<AlertView | undefined> {
    await this.feed.current();
    return this.alerts.get(alertId);
  }

  async alertsOf(incidentId: string): Promise<AlertView[]> {
    await this.feed.current();
    return (this.byIncident.get(incidentId) ?? []).map((id) => this.alerts.get(id)!);
  }

  private apply(recorded: RecordedEvent): void {
    const event = this.upcast.upcast(recorded);
    if (AlertFired.is(event)) {
      const { data } = event;
      this.alerts.set(data.alertId, {
        alertId: data.alertId,
        incidentId: data.incidentId,
        fingerprint: data.fingerprint,
        source: data.source,
        summary: data.summary,
        severity: data.severity,
        labels: data.labels,
        status: 'firing',
        occurrences: 1,
        startsAt: data.startsAt,
        lastSeenAt: event.metadata.occurredAt,
        endsAt: null,
      });
      this.byIncident.set(data.incidentId, [...(this.byIncident.get(data.incidentId) ?? []), data.alertId]);
    } else if (AlertDeduplicated.is(event)) {
      const alert = this.alerts.get(event.data.alertId);
      if (alert) Object.assign(alert, { occurrences: event.data.occurrences, lastSeenAt: event.metadata.occurredAt });
    } else if (AlertResolved.is(event)) {
      const alert = this.alerts.get(event.data.alertId);
      if (alert) Object.assign(alert, { status: 'resolved', endsAt: event.data.endsAt });
    }
  }
}
