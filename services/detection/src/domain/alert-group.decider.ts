import { assertNever, CommandContext, Decider, metadataOf } from '@linchpin/eventsourcing';
import { AlertGrouped, AlertGroupedEvent } from '@linchpin/contracts';
import { Severity } from './alert.decider';

/** A rule that groups alerts into one incident: its identity and version are recorded with every grouping. */
export interface CorrelationRule {
  id: string;
  version: number;
  /** The values it groups by, e.g. `{ service: "checkout", cluster: "eu-1" }`. */
  key: Record<string, string>;
  /** How long after the group's last alert a new one still joins; null: as long as the incident has a firing alert. */
  windowSeconds: number | null;
}

/** Choose the incident for an alert that starts firing: the group's, if still open, or a new one. */
export interface CorrelateAlert {
  type: 'CorrelateAlert';
  eventId: string;
  groupId: string;
  rule: CorrelationRule;
  /** Used if the alert opens a new incident. */
  newIncidentId: string;
  /** False once every alert of the group's incident has resolved (SignalsCleared): the group then starts afresh. */
  groupIncidentFiring: boolean;
  alert: {
    alertId: string;
    fingerprint: string;
    summary: string;
    severity: Severity;
    source: string;
    service?: string;
    labels: Record<string, string>;
    startsAt: string;
  };
  context: CommandContext;
}

export type AlertGroupState = { status: 'empty' } | { status: 'open'; incidentId: string; lastAlertAt: string };

export const alertGroupDecider: Decider<CorrelateAlert, AlertGroupState, AlertGroupedEvent> = {
  initialState: { status: 'empty' },
  evolve: (_state, event) => ({ status: 'open', incidentId: event.data.incidentId, lastAlertAt: event.metadata.occurredAt }),
  decide(command, state) {
    const at = command.context.occurredAt;
    let incidentId: string;
    switch (state.status) {
      case 'empty':
        incidentId = command.newIncidentId;
        break;
      case 'open': {
        const { windowSeconds } = command.rule;
        const inWindow = windowSeconds === null || Date.parse(at) - Date.parse(state.lastAlertAt) <= windowSeconds * 1000;
        incidentId = inWindow && command.groupIncidentFiring ? state.incidentId : command.newIncidentId;
        break;
      }
      default:
        return assertNever(state);
    }
    const { alert } = command;
    return [
      AlertGrouped.create(
        command.eventId,
        {
          groupId: command.groupId,
          ruleId: command.rule.id,
          ruleVersion: command.rule.version,
          key: command.rule.key,
          incidentId,
          opened: incidentId === command.newIncidentId,
          alertId: alert.alertId,
          fingerprint: alert.fingerprint,
          summary: alert.summary,
          severity: alert.severity,
          source: alert.source,
          ...(alert.service !== undefined ? { service: alert.service } : {}),
          labels: alert.labels,
          startsAt: alert.startsAt,
        },
        metadataOf(command.context, incidentId),
      ),
    ];
  },
};
