import { assertNever, Decider, NotFoundError } from '@linchpin/eventsourcing';
import {
  IncidentQueued,
  IncidentQueuedEvent,
  IncidentTriaged,
  IncidentTriagedEvent,
  TriageStatusChanged,
  TriageStatusChangedEvent,
} from '@linchpin/contracts';
import { assess } from './assessment';
import { CommandContext } from './command-context';
import { PriorityMatrix } from './priority-matrix';
import { RoutingRuleSet } from './routing-rules';

export type QueuedIncident = IncidentQueuedEvent['data'];
export type Triage = IncidentTriagedEvent['data'] & { triagedAt: string };
/** How far the incident got, as coordination told triage. */
export type Progress = 'open' | 'acknowledged' | 'resolved';

/** Record receipt of a detected incident (before triaging it). */
export interface QueueIncident {
  type: 'QueueIncident';
  eventId: string;
  incident: QueuedIncident;
  context: CommandContext;
}

/** Decide priority and route with the given matrix and rule set (named in the event). */
export interface TriageIncident {
  type: 'TriageIncident';
  eventId: string;
  incidentId: string;
  matrix: PriorityMatrix;
  rules: RoutingRuleSet;
  context: CommandContext;
}

/** Coordination acknowledged or resolved the incident. */
export interface ChangeStatus {
  type: 'ChangeStatus';
  eventId: string;
  incidentId: string;
  status: 'acknowledged' | 'resolved';
  cause: string;
  by?: string;
  context: CommandContext;
}

export type TriageCommand = QueueIncident | TriageIncident | ChangeStatus;
export type TriageEvent = IncidentQueuedEvent | IncidentTriagedEvent | TriageStatusChangedEvent;

/**
 * Progress is kept in every phase: coordination's news may arrive before detection's (they
 * travel on different topics), and it must not be lost.
 */
export type TriageState =
  | { phase: 'unknown'; progress: Progress }
  | { phase: 'queued'; progress: Progress; incident: QueuedIncident }
  | { phase: 'triaged'; progress: Progress; incident: QueuedIncident; triage: Triage };

const PROGRESS_ORDER: Record<Progress, number> = { open: 0, acknowledged: 1, resolved: 2 };

const metadataOf = (context: CommandContext, incidentId: string) => ({ ...context, incidentId, correlationId: incidentId });

const queue = (command: QueueIncident, state: TriageState): TriageEvent[] => {
  switch (state.phase) {
    case 'unknown':
      return [IncidentQueued.create(command.eventId, command.incident, metadataOf(command.context, command.incident.incidentId))];
    case 'queued':
    case 'triaged':
      return [];
    default:
      return assertNever(state);
  }
};

const triage = (command: TriageIncident, state: TriageState): TriageEvent[] => {
  switch (state.phase) {
    case 'unknown':
      throw new NotFoundError('incident', command.incidentId);
    case 'triaged':
      // Triaged once: a redelivery or a second request does not re-decide it.
      return [];
    case 'queued': {
      const { incident } = state;
      const result = assess(incident, command.matrix, command.rules);
      return [
        IncidentTriaged.create(
          command.eventId,
          {
            incidentId: incident.incidentId,
            priority: result.priority,
            impact: result.impact,
            urgency: result.urgency,
            matrix: { id: command.matrix.id, version: command.matrix.version },
            route: { team: result.route.team, ruleId: result.route.ruleId, ruleVersion: result.route.ruleVersion },
            ...(incident.service !== undefined ? { service: incident.service } : {}),
            title: incident.title,
            rationale: result.rationale,
          },
          metadataOf(command.context, incident.incidentId),
        ),
      ];
    }
    default:
      return assertNever(state);
  }
};

const changeStatus = (command: ChangeStatus, state: TriageState): TriageEvent[] => {
  // Progress only moves forward: a late "acknowledged" after "resolved" changes nothing.
  if (PROGRESS_ORDER[command.status] <= PROGRESS_ORDER[state.progress]) return [];
  return [
    TriageStatusChanged.create(
      command.eventId,
      {
        incidentId: command.incidentId,
        status: command.status,
        cause: command.cause,
        ...(command.by !== undefined ? { by: command.by } : {}),
      },
      metadataOf(command.context, command.incidentId),
    ),
  ];
};

export const triageDecider: Decider<TriageCommand, TriageState, TriageEvent> = {
  initialState: { phase: 'unknown', progress: 'open' },
  evolve(state, event) {
    switch (event.type) {
      case 'IncidentQueued':
        return state.phase === 'unknown' ? { phase: 'queued', progress: state.progress, incident: event.data } : state;
      case 'IncidentTriaged':
        return state.phase === 'queued'
          ? { phase: 'triaged', progress: state.progress, incident: state.incident, triage: { ...event.data, triagedAt: event.metadata.occurredAt } }
          : state;
      case 'TriageStatusChanged':
        return { ...state, progress: event.data.status };
      default:
        return assertNever(event);
    }
  },
  decide(command, state) {
    switch (command.type) {
      case 'QueueIncident':
        return queue(command, state);
      case 'TriageIncident':
        return triage(command, state);
      case 'ChangeStatus':
        return changeStatus(command, state);
      default:
        return assertNever(command);
    }
  },
};
