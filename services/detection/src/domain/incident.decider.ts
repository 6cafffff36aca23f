import { assertNever, Decider, deterministicId } from '@linchpin/eventsourcing';
import { AlertFiredEvent, IncidentDetected, IncidentDetectedEvent } from '@linchpin/contracts';

/** Component name in the id of the IncidentDetected derived from an AlertFired (fixed forever). */
export const INCIDENT_OPENER = 'detection.incident-opener';

/** Record the incident an AlertFired opened; stream `detection-<incidentId>`. */
export interface DetectIncident {
  type: 'DetectIncident';
  event: IncidentDetectedEvent;
}

export type IncidentState = { status: 'unknown' } | { status: 'detected'; incidentId: string; alertId: string };

/**
 * The IncidentDetected an AlertFired implies. Everything in it, id included, comes from the
 * AlertFired, so the request handler and the repairing reactor write the same event and the
 * second write is a no-op.
 */
export const incidentDetectedFrom = (fired: AlertFiredEvent): IncidentDetectedEvent => {
  const { data } = fired;
  return IncidentDetected.create(
    deterministicId(fired.id, INCIDENT_OPENER),
    {
      incidentId: data.incidentId,
      title: data.summary,
      severity: data.severity,
      source: data.source,
      ...(data.labels.service !== undefined ? { service: data.labels.service } : {}),
      labels: data.labels,
      alertId: data.alertId,
      fingerprint: data.fingerprint,
      firstSignalAt: data.startsAt,
    },
    {
      incidentId: data.incidentId,
      correlationId: data.incidentId,
      causationId: fired.id,
      actor: 'system:detection',
      occurredAt: fired.metadata.occurredAt,
    },
  );
};

export const detectIncidentFor = (fired: AlertFiredEvent): DetectIncident => ({
  type: 'DetectIncident',
  event: incidentDetectedFrom(fired),
});

export const incidentDecider: Decider<DetectIncident, IncidentState, IncidentDetectedEvent> = {
  initialState: { status: 'unknown' },
  evolve: (_state, event) => ({ status: 'detected', incidentId: event.data.incidentId, alertId: event.data.alertId }),
  decide(command, state) {
    switch (state.status) {
      case 'unknown':
        return [command.event];
      case 'detected':
        // Already recorded (by the handler or by the reactor): nothing to do.
        return [];
      default:
        return assertNever(state);
    }
  },
};
