import { Inject, Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { AlertDeduplicated, AlertFired, AlertResolved, upcasters } from '@linchpin/contracts';
import { EVENT_STORE, EventStore, Position, RecordedEvent, StoreSubscription, UpcasterChain } from '@linchpin/eventsourcing';
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

/**
 * Alerts by id and by incident, folded from detection's own `alert-` streams. Rebuilt at every
 * start by catching up. `current()` first pulls whatever the store holds beyond what was
 * applied, so a read right after an accepted alert sees it.
 */
@Injectable()
export class AlertsProjection implements OnModuleInit, OnApplicationShutdown {
  private readonly upcast = new UpcasterChain(upcasters);
  private readonly alerts = new Map<string, AlertView>();
  private readonly byIncident = new Map<string, string[]>();
  private applied: Position = 0;
  private subscription?: StoreSubscription;

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  onModuleInit(): void {
    this.subscription = this.store.subscribeAll({ filter: { streamPrefixes: [ALERT_STREAM_PREFIX] } }, (event) => this.apply(event));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.subscription?.stop();
  }

  async alert(alertId: string): Promise<AlertView | undefined> {
    await this.current();
    return this.alerts.get(alertId);
  }

  async alertsOf(incidentId: string): Promise<AlertView[]> {
    await this.current();
    return (this.byIncident.get(incidentId) ?? []).map((id) => this.alerts.get(id)!);
  }

  private async current(): Promise<void> {
    for (;;) {
      const page = await this.store.readAll({ after: this.applied, filter: { streamPrefixes: [ALERT_STREAM_PREFIX] }, limit: 500 });
      page.forEach((event) => this.apply(event));
      if (page.length < 500) return;
    }
  }

  /** Synchronous and guarded by position, so the subscription and `current()` never apply twice. */
  private apply(recorded: RecordedEvent): void {
    if (recorded.position <= this.applied) return;
    this.applied = recorded.position;
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
