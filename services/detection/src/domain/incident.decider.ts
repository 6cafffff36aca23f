import { assertNever, CommandContext, Decider, deterministicId, metadataOf } from '@linchpin/eventsourcing';
import {
  AlertClosedEvent,
  AlertFiredEvent,
  AlertGroupedEvent,
  AlertJoinedIncident,
  AlertJoinedIncidentEvent,
  AlertResolvedEvent,
  AlertsMovedOutOfIncident,
  AlertsMovedOutOfIncidentEvent,
  AlertsMovedToIncident,
  AlertsMovedToIncidentEvent,
  IncidentAlertResolved,
  IncidentAlertResolvedEvent,
  IncidentAssessed,
  IncidentAssessedEvent,
  IncidentDetected,
  IncidentDetectedEvent,
  SignalsCleared,
  SignalsClearedEvent,
} from '@linchpin/contracts';
import { AssessedAlert, assess } from './assessment';

/** Component names in the ids of events derived from another (fixed forever: they make redelivery a no-op). */
export const INCIDENT_OPENER = 'detection.incident-opener';
const ALERT_JOINER = 'detection.incident-signals';
const ALERT_RESOLVER = 'detection.incident-signals.resolved';
const CLEARER = 'detection.signals-cleared';
const ASSESSOR = 'detection.incident-assessment';

/**
 * The incident side of detection, stream `detection-<incidentId>`: it is told of its alerts'
 * facts (by the reactor that follows detection's own topic) and records the incident, which
 * alerts count toward it, when all have cleared, and the assessment.
 */
export interface ObserveSignal {
  type: 'ObserveSignal';
  /** The incident the fact is about (its stream): the fact's own `incidentId`. */
  incidentId: string;
  event: AlertFiredEvent | AlertGroupedEvent | AlertResolvedEvent | AlertClosedEvent;
}

/** An alert as it moves between incidents (`AlertsMovedToIncident`). */
export type MovedAlert = AlertsMovedToIncidentEvent['data']['alerts'][number];
type MoveReason = AlertsMovedToIncidentEvent['data']['reason'];

/**
 * issue 13: coordination merged `from` into this incident (`merged`), or undid the merge of this
 * one (`unmerged`): `alerts` count toward it now, as they stand. Sent by a reactor with an id derived
 * from coordination's event; an alert already here is not moved again.
 */
export interface MoveAlertsIn {
  type: 'MoveAlertsIn';
  incidentId: string;
  eventId: string;
  from: string;
  reason: MoveReason;
  alerts: MovedAlert[];
  context: CommandContext;
}

/** The other side: these alerts of this incident count toward `to` now. */
export interface MoveAlertsOut {
  type: 'MoveAlertsOut';
  incidentId: string;
  eventId: string;
  to: string;
  reason: MoveReason;
  alertIds: string[];
  context: CommandContext;
}

export type IncidentCommand = ObserveSignal | MoveAlertsIn | MoveAlertsOut;

export type IncidentEvent =
  | AlertsMovedToIncidentEvent
  | AlertsMovedOutOfIncidentEvent
  | IncidentDetectedEvent
  | AlertJoinedIncidentEvent
  | IncidentAlertResolvedEvent
  | SignalsClearedEvent
  | IncidentAssessedEvent;

interface JoinedAlert extends AssessedAlert {
  fingerprint: string;
  endsAt?: string;
  /** The incident it came from with a merge: an unmerge sends it back there. */
  movedFrom?: string;
}

export interface IncidentState {
  detected: boolean;
  /** When Linchpin recorded the first fact of this incident. */
  firstRecordedAt?: string;
  alerts: Record<string, JoinedAlert>;
  /** The last assessment recorded, to record a new one only when something changed. */
  lastAssessment?: string;
  /** issue 13: merged into this incident (its alerts moved there); no correlation group joins it meanwhile. */
  mergedInto?: string;
}

/** The IncidentDetected an opening fact implies: everything in it, id included, comes from that fact. */
export const incidentDetectedFrom = (cause: AlertFiredEvent | AlertGroupedEvent): IncidentDetectedEvent => {
  const { data } = cause;
  const service = cause.type === 'AlertFired' ? (data as AlertFiredEvent['data']).service ?? data.labels.service : (data as AlertGroupedEvent['data']).service;
  return IncidentDetected.create(
    deterministicId(cause.id, INCIDENT_OPENER),
    {
      incidentId: data.incidentId,
      title: data.summary,
      severity: data.severity,
      source: data.source,
      ...(service !== undefined ? { service } : {}),
      labels: data.labels,
      alertId: data.alertId,
      fingerprint: data.fingerprint,
      firstSignalAt: data.startsAt,
    },
    {
      incidentId: data.incidentId,
      correlationId: data.incidentId,
      causationId: cause.id,
      actor: 'system:detection',
      occurredAt: cause.metadata.occurredAt,
    },
  );
};

/** Did this AlertFired open its own incident (no grouping rule chose it, and it was not a flapping rejoin)? */
export const openedOwnIncident = (fired: AlertFiredEvent): boolean => !fired.data.grouping && !fired.data.flapping;

const usersAffectedOf = (fired: AlertFiredEvent): number | undefined => {
  const value = fired.data.details?.usersAffected;
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined;
};

const derivedMeta = (cause: { id: string; metadata: { occurredAt: string } }, incidentId: string) => ({
  incidentId,
  correlationId: incidentId,
  causationId: cause.id,
  actor: 'system:detection',
  occurredAt: cause.metadata.occurredAt,
});

const assessmentAfter = (state: IncidentState, events: IncidentEvent[], cause: ObserveSignal['event'], incidentId: string): IncidentEvent[] => {
  const next = events.reduce(incidentDecider.evolve, state);
  const alerts = Object.values(next.alerts);
  if (alerts.length === 0) return events;
  const assessment = assess(alerts, next.firstRecordedAt ?? cause.metadata.occurredAt);
  const key = JSON.stringify(assessment);
  if (key === state.lastAssessment) return events;
  return [...events, IncidentAssessed.create(deterministicId(cause.id, ASSESSOR), { incidentId, ...assessment }, derivedMeta(cause, incidentId))];
};

/**
 * A firing alert of the incident stopped firing (resolved at its source, or closed with the
 * resolved incident): IncidentAlertResolved, and how many still fire. Undefined when it was not firing.
 */
const alertStoppedFiring = (
  state: IncidentState,
  cause: AlertResolvedEvent | AlertClosedEvent,
  incidentId: string,
  endsAt: string,
): { stillFiring: number; events: IncidentEvent[] } | undefined => {
  const { alertId, fingerprint } = cause.data;
  if (!state.alerts[alertId]?.firing) return undefined;
  const stillFiring = Object.entries(state.alerts).filter(([id, a]) => a.firing && id !== alertId).length;
  const resolved = IncidentAlertResolved.create(
    deterministicId(cause.id, ALERT_RESOLVER),
    { incidentId, alertId, fingerprint, endsAt, stillFiring },
    derivedMeta(cause, incidentId),
  );
  return { stillFiring, events: [resolved] };
};

const observe = (command: ObserveSignal, state: IncidentState): IncidentEvent[] => {
  const { event } = command;
  const incidentId = event.data.incidentId;
  switch (event.type) {
    case 'AlertGrouped':
      return event.data.opened && !state.detected ? [incidentDetectedFrom(event)] : [];
    case 'AlertFired': {
      const events: IncidentEvent[] = [];
      if (openedOwnIncident(event) && !state.detected) events.push(incidentDetectedFrom(event));
      if (state.alerts[event.data.alertId]?.firing) return events;
      const usersAffected = usersAffectedOf(event);
      const service = event.data.service ?? event.data.labels.service;
      events.push(
        AlertJoinedIncident.create(
          deterministicId(event.id, ALERT_JOINER),
          {
            incidentId,
            alertId: event.data.alertId,
            fingerprint: event.data.fingerprint,
            severity: event.data.severity,
            ...(service !== undefined ? { service } : {}),
            ...(event.data.sender !== undefined ? { sender: event.data.sender } : {}),
            startsAt: event.data.startsAt,
            ...(event.data.grouping ? { ruleId: event.data.grouping.ruleId, ruleVersion: event.data.grouping.ruleVersion } : {}),
            ...(usersAffected !== undefined ? { usersAffected } : {}),
          },
          derivedMeta(event, incidentId),
        ),
      );
      return assessmentAfter(state, events, event, incidentId);
    }
    case 'AlertResolved': {
      const resolved = alertStoppedFiring(state, event, incidentId, event.data.endsAt);
      if (!resolved) return [];
      const { stillFiring, events } = resolved;
      if (stillFiring === 0) {
        // Senders resolve a group's alerts in their own order: the alert that ended last may be recorded first.
        const ends = [event.data.endsAt, ...Object.values(state.alerts).flatMap((a) => (a.endsAt ? [a.endsAt] : []))];
        const clearedAt = ends.reduce((latest, t) => (Date.parse(t) > Date.parse(latest) ? t : latest));
        events.push(
          SignalsCleared.create(
            deterministicId(event.id, CLEARER),
            { incidentId, alertCount: Object.keys(state.alerts).length, clearedAt },
            derivedMeta(event, incidentId),
          ),
        );
      }
      return assessmentAfter(state, events, event, incidentId);
    }
    case 'AlertClosed': {
      // Closed because coordination resolved the incident: it stops counting as firing (so no
      // correlation group joins the resolved incident), but its signals did not clear at the
      // source, so no SignalsCleared (which would claim they had, and ask for an auto-resolve).
      const resolved = alertStoppedFiring(state, event, incidentId, event.data.closedAt);
      return resolved ? assessmentAfter(state, resolved.events, event, incidentId) : [];
    }
    default:
      return assertNever(event);
  }
};

/** The alert as it stands here, for another incident to take over. */
export const movedAlertOf = (alertId: string, alert: JoinedAlert): MovedAlert => ({
  alertId,
  fingerprint: alert.fingerprint,
  severity: alert.severity as MovedAlert['severity'],
  ...(alert.service !== undefined ? { service: alert.service } : {}),
  startsAt: alert.startsAt,
  firing: alert.firing,
  ...(alert.endsAt !== undefined ? { endsAt: alert.endsAt } : {}),
  ...(alert.usersAffected !== undefined ? { usersAffected: alert.usersAffected } : {}),
});

const moveIn = (command: MoveAlertsIn, state: IncidentState): IncidentEvent[] => {
  const alerts = command.alerts.filter((a) => state.alerts[a.alertId] === undefined);
  const standsAlone = command.reason === 'unmerged' && state.mergedInto !== undefined;
  if (alerts.length === 0 && !standsAlone) return [];
  return [
    AlertsMovedToIncident.create(command.eventId, { incidentId: command.incidentId, from: command.from, reason: command.reason, alerts }, metadataOf(command.context, command.incidentId)),
  ];
};

const moveOut = (command: MoveAlertsOut, state: IncidentState): IncidentEvent[] => {
  const alertIds = command.alertIds.filter((id) => state.alerts[id] !== undefined);
  const marks = command.reason === 'merged' ? state.mergedInto !== command.to : false;
  if (alertIds.length === 0 && !marks) return [];
  return [
    AlertsMovedOutOfIncident.create(command.eventId, { incidentId: command.incidentId, to: command.to, reason: command.reason, alertIds }, metadataOf(command.context, command.incidentId)),
  ];
};

const withoutAlerts = (alerts: Record<string, JoinedAlert>, ids: readonly string[]): Record<string, JoinedAlert> =>
  Object.fromEntries(Object.entries(alerts).filter(([id]) => !ids.includes(id)));

export const incidentDecider: Decider<IncidentCommand, IncidentState, IncidentEvent> = {
  initialState: { detected: false, alerts: {} },
  evolve(state, event) {
    const firstRecordedAt = state.firstRecordedAt ?? event.metadata.occurredAt;
    switch (event.type) {
      case 'IncidentDetected':
        return { ...state, detected: true, firstRecordedAt };
      case 'AlertJoinedIncident': {
        const { alertId, fingerprint, service, severity, startsAt, usersAffected } = event.data;
        const joined: JoinedAlert = { firing: true, fingerprint, severity, startsAt, ...(service ? { service } : {}), ...(usersAffected !== undefined ? { usersAffected } : {}) };
        return { ...state, firstRecordedAt, alerts: { ...state.alerts, [alertId]: joined } };
      }
      case 'IncidentAlertResolved': {
        const alert = state.alerts[event.data.alertId];
        return alert ? { ...state, alerts: { ...state.alerts, [event.data.alertId]: { ...alert, firing: false, endsAt: event.data.endsAt } } } : state;
      }
      case 'SignalsCleared':
        return state;
      case 'AlertsMovedToIncident': {
        const { from, reason } = event.data;
        const moved = Object.fromEntries(
          event.data.alerts.map(({ alertId, firing, fingerprint, severity, service, startsAt, endsAt, usersAffected }): [string, JoinedAlert] => [
            alertId,
            {
              firing,
              fingerprint,
              severity,
              startsAt,
              ...(service !== undefined ? { service } : {}),
              ...(endsAt !== undefined ? { endsAt } : {}),
              ...(usersAffected !== undefined ? { usersAffected } : {}),
              ...(reason === 'merged' ? { movedFrom: from } : {}),
            },
          ]),
        );
        // Alerts coming back with an unmerge: this incident stands on its own again.
        const { mergedInto: _merged, ...rest } = state;
        return { ...(reason === 'unmerged' ? rest : state), firstRecordedAt, alerts: { ...state.alerts, ...moved } };
      }
      case 'AlertsMovedOutOfIncident': {
        const alerts = withoutAlerts(state.alerts, event.data.alertIds);
        return event.data.reason === 'merged' ? { ...state, alerts, mergedInto: event.data.to } : { ...state, alerts };
      }
      case 'IncidentAssessed': {
        const { incidentId: _id, ...assessment } = event.data;
        return { ...state, lastAssessment: JSON.stringify(assessment) };
      }
      default:
        return assertNever(event);
    }
  },
  decide(command, state) {
    switch (command.type) {
      case 'ObserveSignal':
        return observe(command, state);
      case 'MoveAlertsIn':
        return moveIn(command, state);
      case 'MoveAlertsOut':
        return moveOut(command, state);
      default:
        return assertNever(command);
    }
  },
};

/**
 * Whether the incident still has a firing alert (a correlation group joins only such an incident).
 * The reactor writes IncidentDetected before the opening alert's AlertJoinedIncident: until an
 * alert has joined, the incident is as firing as the alert that opened it.
 */
export const hasFiringAlert = (state: IncidentState): boolean => {
  // A merged incident takes no new alert: its group opens a new incident (paged) rather than feed one nobody is paged for.
  if (state.mergedInto !== undefined) return false;
  const alerts = Object.values(state.alerts);
  return alerts.length === 0 || alerts.some((a) => a.firing);
};

/** The alerts the incident's stream counts as firing, with the fingerprint of each one's own stream. */
export const firingAlertsOf = (state: IncidentState): { alertId: string; fingerprint: string }[] =>
  Object.entries(state.alerts)
    .filter(([, alert]) => alert.firing)
    .map(([alertId, { fingerprint }]) => ({ alertId, fingerprint }));
