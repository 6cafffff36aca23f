import { Inject, Injectable } from '@nestjs/common';
import { AlertClosed, AlertDeduplicated, AlertDeduplicatedEvent, AlertFired, AlertMovedToIncident, AlertResolved, SignalReceived, SignalReceivedEvent, upcast } from '@linchpin/contracts';
import { EVENT_STORE, EventStore, ProjectionFeed, RecordedEvent } from '@linchpin/eventsourcing';
import { repeatReason, Severity } from '../domain/alert.decider';
import { ALERT_STREAM_PREFIX } from '../domain/streams';

export interface AlertView {
  alertId: string;
  /** Null while it was only ever suppressed by a maintenance window. */
  incidentId: string | null;
  fingerprint: string;
  source: string;
  summary: string;
  severity: Severity;
  labels: Record<string, string>;
  status: 'firing' | 'resolved' | 'suppressed';
  occurrences: number;
  flapping: boolean;
  /** When it began at its source. */
  startsAt: string;
  /** When Linchpin last received it. */
  lastSeenAt: string;
  /** When it ended at its source, or was closed with its resolved incident; null while firing. */
  endsAt: string | null;
}

/** One signal of an alert and what detection did with it. */
export interface SignalDecision {
  signalId: string;
  receivedAt: string;
  status: SignalReceivedEvent['data']['status'];
  outcome: SignalReceivedEvent['data']['outcome'];
  reason: string;
  incidentId: string | null;
  grouping: SignalReceivedEvent['data']['grouping'] | null;
  maintenanceWindowId: string | null;
  startsAt: string | null;
  endsAt: string | null;
  /** The sender's object as JSON text; for a batch of repeats, its first sample's, or empty when none was kept. */
  raw: string;
  rawTruncated: boolean;
  /** Present on a batch of repeats decided together (one AlertDeduplicated): `signalId` is its first. */
  repeats?: RepeatBatch;
}

/** Repeats of a firing alert decided together: how many, which signals, when, and the raw payloads kept. */
export interface RepeatBatch {
  count: number;
  signalIds: string[];
  firstSeenAt: string;
  lastSeenAt: string;
  samples: { signalId: string; raw: string; rawTruncated: boolean }[];
}

/** One signal and what detection did with it; a repeat's comes from its batch. */
export interface SignalExplanation {
  signalId: string;
  alertId: string;
  fingerprint: string;
  decision: SignalDecision;
  /** This signal's own raw payload, when kept (every signal but a repeat past its firing's first few). */
  raw: string | null;
  rawTruncated: boolean;
}

export interface AlertProvenance {
  fingerprint: string;
  fingerprintFrom: SignalReceivedEvent['data']['fingerprintFrom'];
  fingerprintFields: string[] | null;
  integrationId: string | null;
  sender: string;
  signals: SignalDecision[];
}

/** An alert's signals kept for explaining it; the oldest go beyond this many (the store keeps them all). */
const SIGNALS_KEPT = 200;
/** The outcomes of the signal that made an alert fire (kept past SIGNALS_KEPT: see `keep`). */
const FIRED_THE_ALERT: ReadonlySet<SignalDecision['outcome']> = new Set(['opened', 'grouped', 'flapping']);

/** Alerts by id and by incident, and each alert's signal history, folded from detection's own `alert-` streams. */
@Injectable()
export class AlertsProjection {
  private readonly alerts = new Map<string, AlertView>();
  private readonly provenance = new Map<string, AlertProvenance>();
  private readonly byIncident = new Map<string, string[]>();
  /** The alert of each signal whose decision is kept (see SIGNALS_KEPT). */
  private readonly alertOfSignal = new Map<string, string>();
  private readonly feed: ProjectionFeed;

  constructor(@Inject(EVENT_STORE) store: EventStore) {
    this.feed = new ProjectionFeed(store, [ALERT_STREAM_PREFIX], (event) => this.apply(event));
  }

  async alert(alertId: string): Promise<AlertView | undefined> {
    await this.feed.current();
    return this.alerts.get(alertId);
  }

  async provenanceOf(alertId: string): Promise<AlertProvenance | undefined> {
    await this.feed.current();
    return this.provenance.get(alertId);
  }

  async signal(signalId: string): Promise<SignalExplanation | undefined> {
    await this.feed.current();
    const alertId = this.alertOfSignal.get(signalId);
    const provenance = alertId !== undefined ? this.provenance.get(alertId) : undefined;
    const decision = provenance?.signals.find((d) => d.signalId === signalId || d.repeats?.signalIds.includes(signalId));
    if (!alertId || !provenance || !decision) return undefined;
    const own = decision.repeats ? decision.repeats.samples.find((sample) => sample.signalId === signalId) : decision;
    return { signalId, alertId, fingerprint: provenance.fingerprint, decision, raw: own?.raw ?? null, rawTruncated: own?.rawTruncated ?? false };
  }

  async alertsOf(incidentId: string): Promise<AlertView[]> {
    await this.feed.current();
    return (this.byIncident.get(incidentId) ?? []).map((id) => this.alerts.get(id)!);
  }

  private apply(recorded: RecordedEvent): void {
    const event = upcast(recorded);
    if (SignalReceived.is(event)) this.applySignal(event);
    else if (AlertFired.is(event)) {
      const { data } = event;
      const previous = this.alerts.get(data.alertId);
      this.alerts.set(data.alertId, {
        alertId: data.alertId,
        incidentId: data.incidentId,
        fingerprint: data.fingerprint,
        source: data.source,
        summary: data.summary,
        severity: data.severity,
        labels: data.labels,
        status: 'firing',
        occurrences: (previous?.occurrences ?? 0) + 1,
        flapping: data.flapping ?? false,
        startsAt: data.startsAt,
        lastSeenAt: event.metadata.occurredAt,
        endsAt: null,
      });
      if (previous?.incidentId !== data.incidentId) this.byIncident.set(data.incidentId, [...(this.byIncident.get(data.incidentId) ?? []), data.alertId]);
    } else if (AlertDeduplicated.is(event)) {
      const alert = this.alerts.get(event.data.alertId);
      if (alert) Object.assign(alert, { occurrences: event.data.occurrences, lastSeenAt: event.data.lastSeenAt ?? event.metadata.occurredAt });
      this.applyRepeats(event);
    } else if (AlertResolved.is(event)) {
      const alert = this.alerts.get(event.data.alertId);
      if (alert) Object.assign(alert, { status: 'resolved', endsAt: event.data.endsAt });
    } else if (AlertClosed.is(event)) {
      const alert = this.alerts.get(event.data.alertId);
      if (alert) Object.assign(alert, { status: 'resolved', endsAt: event.data.closedAt });
    } else if (AlertMovedToIncident.is(event)) {
      // issue 13: a merge (or its undo) moved the alert: it is listed under its new incident only.
      const { alertId, from, incidentId } = event.data;
      const alert = this.alerts.get(alertId);
      if (alert) alert.incidentId = incidentId;
      this.byIncident.set(from, (this.byIncident.get(from) ?? []).filter((id) => id !== alertId));
      this.byIncident.set(incidentId, [...(this.byIncident.get(incidentId) ?? []).filter((id) => id !== alertId), alertId]);
    }
  }

  /** A batch of repeats: one decision naming each of its signals (a v1 repeat has none: its SignalReceived was its decision). */
  private applyRepeats({ data, metadata }: AlertDeduplicatedEvent): void {
    const provenance = this.provenance.get(data.alertId);
    if (!provenance || data.signalIds.length === 0) return;
    const origin = { from: provenance.fingerprintFrom, ...(provenance.fingerprintFields ? { fields: provenance.fingerprintFields } : {}) };
    const samples = data.samples ?? [];
    this.keep(data.alertId, provenance, {
      signalId: data.signalIds[0],
      receivedAt: data.firstSeenAt ?? metadata.occurredAt,
      status: 'firing',
      outcome: 'deduplicated',
      reason: repeatReason(data.alertId, data.fingerprint, origin),
      incidentId: data.incidentId,
      grouping: null,
      maintenanceWindowId: null,
      startsAt: null,
      endsAt: null,
      raw: samples[0]?.raw ?? '',
      rawTruncated: samples[0]?.rawTruncated ?? false,
      repeats: {
        count: data.count,
        signalIds: data.signalIds,
        firstSeenAt: data.firstSeenAt ?? metadata.occurredAt,
        lastSeenAt: data.lastSeenAt ?? metadata.occurredAt,
        samples,
      },
    });
  }

  /**
   * Keeps a decision of the alert, dropping (and forgetting the signals of) the oldest beyond SIGNALS_KEPT, but
   * never the decision that fired it once it is the oldest: it says why the incident exists, and a long-firing
   * alert's repeats (one decision per batch) would otherwise push it out after SIGNALS_KEPT batches.
   */
  private keep(alertId: string, provenance: AlertProvenance, decision: SignalDecision): void {
    provenance.signals.push(decision);
    for (const id of decision.repeats?.signalIds ?? [decision.signalId]) this.alertOfSignal.set(id, alertId);
    const excess = provenance.signals.length - SIGNALS_KEPT;
    const from = FIRED_THE_ALERT.has(provenance.signals[0].outcome) ? 1 : 0;
    const dropped = excess > 0 ? provenance.signals.splice(from, excess) : [];
    for (const old of dropped) for (const id of old.repeats?.signalIds ?? [old.signalId]) this.alertOfSignal.delete(id);
    this.provenance.set(alertId, provenance);
  }

  private applySignal(event: SignalReceivedEvent): void {
    const { data } = event;
    if (data.alertId === undefined) return;
    if (data.outcome === 'suppressed') {
      const alert = this.alerts.get(data.alertId);
      if (alert) Object.assign(alert, { occurrences: alert.occurrences + 1, lastSeenAt: event.metadata.occurredAt });
      else {
        this.alerts.set(data.alertId, {
          alertId: data.alertId,
          incidentId: null,
          fingerprint: data.fingerprint,
          source: data.sender,
          summary: data.summary,
          severity: data.severity,
          labels: {},
          status: 'suppressed',
          occurrences: 1,
          flapping: false,
          startsAt: data.startsAt ?? event.metadata.occurredAt,
          lastSeenAt: event.metadata.occurredAt,
          endsAt: null,
        });
      }
    } else if (data.outcome === 'resolved' && this.alerts.get(data.alertId)?.status === 'suppressed') {
      Object.assign(this.alerts.get(data.alertId)!, { status: 'resolved', endsAt: data.endsAt ?? event.metadata.occurredAt });
    }
    const provenance = this.provenance.get(data.alertId) ?? {
      fingerprint: data.fingerprint,
      fingerprintFrom: data.fingerprintFrom,
      fingerprintFields: data.fingerprintFields ?? null,
      integrationId: data.integrationId ?? null,
      sender: data.sender,
      signals: [],
    };
    this.keep(data.alertId, provenance, {
      signalId: data.signalId,
      receivedAt: event.metadata.occurredAt,
      status: data.status,
      outcome: data.outcome,
      reason: data.reason,
      incidentId: data.incidentId ?? null,
      grouping: data.grouping ?? null,
      maintenanceWindowId: data.maintenanceWindowId ?? null,
      startsAt: data.startsAt ?? null,
      endsAt: data.endsAt ?? null,
      raw: data.raw,
      rawTruncated: data.rawTruncated,
    });
  }
}
