import { eventTimeOf } from '../event-time';
import { TimelineEntry } from '../timeline';
import { Data, list, obj, text } from './source-data';

/** An alert of the incident that fired (or joined, or was moved in) and had not resolved by then. */
export interface OpenAlert {
  alertId: string;
  fingerprint: string | null;
  severity: string | null;
  service: string | null;
  summary: string | null;
  /** When it started at its source (`startsAt`). */
  startsAt: string | null;
  /** How it became the incident's: it opened it or fired into it, joined it by correlation, or came with a merge. */
  how: 'fired' | 'joined' | 'moved';
  /** When the incident got it (event time). */
  since: string;
}

const without = (alerts: OpenAlert[], ids: readonly unknown[]) => alerts.filter((a) => !ids.includes(a.alertId));

function add(alerts: OpenAlert[], alert: OpenAlert): OpenAlert[] {
  // Known already (a fired alert that also joined): its first arrival stands.
  return alerts.some((a) => a.alertId === alert.alertId) ? alerts : [...alerts, alert];
}

/** Open alerts, as detection's events say. */
export function applyAlerts(alerts: OpenAlert[], entry: TimelineEntry, d: Data): OpenAlert[] {
  const since = eventTimeOf(entry);
  const alertId = text(d.alertId);
  switch (entry.type) {
    case 'AlertFired':
    case 'AlertJoinedIncident':
      if (!alertId) return alerts;
      return add(alerts, {
        alertId,
        fingerprint: text(d.fingerprint),
        severity: text(d.severity),
        service: text(d.service) ?? text(obj(d.labels).service),
        summary: text(d.summary),
        startsAt: text(d.startsAt),
        how: entry.type === 'AlertFired' ? 'fired' : 'joined',
        since,
      });
    case 'AlertsMovedToIncident': {
      let next = alerts;
      for (const raw of list(d.alerts)) {
        const a = obj(raw);
        const id = text(a.alertId);
        // Only those still firing: a resolved alert moved with a merge is history, not an open alert.
        if (!id || a.firing !== true) continue;
        next = add(next, { alertId: id, fingerprint: text(a.fingerprint), severity: text(a.severity), service: text(a.service), summary: null, startsAt: text(a.startsAt), how: 'moved', since });
      }
      return next;
    }
    case 'IncidentAlertResolved':
    case 'AlertResolved':
    case 'AlertClosed':
      return alertId ? without(alerts, [alertId]) : alerts;
    case 'AlertsMovedOutOfIncident':
      return without(alerts, list(d.alertIds));
    case 'SignalsCleared':
      // Every alert of the incident resolved.
      return [];
    default:
      return alerts;
  }
}
