import {
  IncidentMitigatedEvent,
  IncidentReassignedEvent,
  IncidentReopenedEvent,
  IncidentRoleAssignedEvent,
  IncidentRoleReleasedEvent,
  IncidentSnoozeEndedEvent,
  IncidentSnoozedEvent,
  IncidentStatusChangedEvent,
  RespondersAddedEvent,
  IncidentAcknowledgedEvent,
  IncidentResolvedEvent,
  IncidentUnroutedEvent,
  PageFailedEvent,
  ResponderPagedEvent,
  ResponsePriorityChangedEvent,
} from '@linchpin/contracts';
import { EscalationEvent } from './escalation';
import { MergeEvent } from './response-merge';

/** Every event of a `response-` stream: the escalation engine's, merge and link, and the response's own. */
export type ResponseEvent =
  | EscalationEvent
  | MergeEvent
  | IncidentStatusChangedEvent
  | IncidentMitigatedEvent
  | IncidentReopenedEvent
  | IncidentReassignedEvent
  | RespondersAddedEvent
  | IncidentSnoozedEvent
  | IncidentSnoozeEndedEvent
  | IncidentRoleAssignedEvent
  | IncidentRoleReleasedEvent
  | ResponderPagedEvent
  | IncidentUnroutedEvent
  | IncidentAcknowledgedEvent
  | IncidentResolvedEvent
  | ResponsePriorityChangedEvent
  | PageFailedEvent;
