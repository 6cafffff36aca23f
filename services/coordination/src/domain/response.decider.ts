import { Decider, DomainError, EventMetadata, NotFoundError, assertNever } from '@linchpin/eventsourcing';
import {
  IncidentAcknowledgedEvent,
  IncidentAcknowledgedV1,
  IncidentResolvedEvent,
  IncidentResolvedV1,
  IncidentUnroutedEvent,
  IncidentUnroutedV1,
  ResponderPagedEvent,
  ResponderPagedV1,
  ResponsePriorityChangedEvent,
  ResponsePriorityChangedV1,
} from '@linchpin/contracts';
import { Team, onCallOf } from './team.decider';

export const responseStream = (incidentId: string): string => `response-${incidentId}`;

type Priority = ResponderPagedEvent['data']['priority'];

/** Page the routed team's on-call for a triaged incident; `team` is undefined when the name is unknown. */
export interface PageOnCall {
  type: 'PageOnCall';
  incidentId: string;
  eventId: string;
  pageId: string;
  teamName: string;
  team: Team | undefined;
  priority: Priority;
  title: string;
  /** Provenance of the route, e.g. `rule r-1 v2`. */
  route: string;
  metadata: EventMetadata;
}

export interface AcknowledgeIncident {
  type: 'AcknowledgeIncident';
  incidentId: string;
  eventId: string;
  by: string;
  metadata: EventMetadata;
}

export interface ResolveIncident {
  type: 'ResolveIncident';
  incidentId: string;
  eventId: string;
  by: string;
  resolution?: string;
  metadata: EventMetadata;
}

/** Triage changed the incident's priority after paging (re-triage or a person's override). */
export interface ChangePriority {
  type: 'ChangePriority';
  incidentId: string;
  eventId: string;
  priority: Priority;
  severity: ResponsePriorityChangedEvent['data']['severity'];
  trigger: string;
  reason: string;
  metadata: EventMetadata;
}

export type ResponseCommand = PageOnCall | AcknowledgeIncident | ResolveIncident | ChangePriority;
export type ResponseEvent = ResponderPagedEvent | IncidentUnroutedEvent | IncidentAcknowledgedEvent | IncidentResolvedEvent | ResponsePriorityChangedEvent;

export interface Page {
  pageId: string;
  responder: string;
  webhookUrl: string;
  escalationLevel: number;
  reason: string;
  pagedAt: string;
}

export interface Response {
  incidentId: string;
  priority: Priority | null;
  title: string | null;
  team: string;
  pages: Page[];
  acknowledgedBy: string | null;
  acknowledgedAt: string | null;
  resolvedBy: string | null;
  resolvedAt: string | null;
  resolution: string | null;
}

export type ResponseState =
  | { status: 'none' }
  | ({ status: 'triggered' } & Response)
  | ({ status: 'acknowledged' } & Response)
  | ({ status: 'resolved' } & Response);

const opened = (incidentId: string, team: string, priority: Priority | null, title: string | null): Response => ({
  incidentId,
  priority,
  title,
  team,
  pages: [],
  acknowledgedBy: null,
  acknowledgedAt: null,
  resolvedBy: null,
  resolvedAt: null,
  resolution: null,
});

export const responseDecider: Decider<ResponseCommand, ResponseState, ResponseEvent> = {
  initialState: { status: 'none' },
  evolve(state, event) {
    switch (event.type) {
      case 'ResponderPaged': {
        const d = event.data;
        const base = state.status === 'none' ? { status: 'triggered' as const, ...opened(d.incidentId, d.team, d.priority, d.title) } : state;
        const page: Page = {
          pageId: d.pageId,
          responder: d.responder.name,
          webhookUrl: d.responder.webhookUrl,
          escalationLevel: d.escalationLevel,
          reason: d.reason,
          pagedAt: event.metadata.occurredAt,
        };
        return { ...base, pages: [...base.pages, page] };
      }
      case 'IncidentUnrouted': {
        if (state.status !== 'none') return state;
        const d = event.data;
        return { status: 'triggered', ...opened(d.incidentId, d.team, d.priority ?? null, d.title ?? null) };
      }
      case 'ResponsePriorityChanged':
        return state.status === 'none' ? state : { ...state, priority: event.data.priority };
      case 'IncidentAcknowledged':
        if (state.status === 'none') return state;
        return { ...state, status: 'acknowledged', acknowledgedBy: event.data.by, acknowledgedAt: event.metadata.occurredAt };
      case 'IncidentResolved':
        if (state.status === 'none') return state;
        return {
          ...state,
          status: 'resolved',
          resolvedBy: event.data.by,
          resolvedAt: event.metadata.occurredAt,
          resolution: event.data.resolution ?? null,
        };
      default:
        return state;
    }
  },
  decide(command, state) {
    switch (command.type) {
      case 'PageOnCall':
        return decidePage(command, state);
      case 'ChangePriority':
        return decidePriorityChange(command, state);
      case 'AcknowledgeIncident':
        return decideAcknowledge(command, state);
      case 'ResolveIncident':
        return decideResolve(command, state);
      default:
        return assertNever(command);
    }
  },
};

function decidePage(command: PageOnCall, state: ResponseState): ResponseEvent[] {
  switch (state.status) {
    case 'none':
      break;
    // Paging happens once per incident: a redelivered or repeated triage pages nobody again.
    case 'triggered':
    case 'acknowledged':
    case 'resolved':
      return [];
    default:
      return assertNever(state);
  }
  const { incidentId, teamName, team, priority, title, metadata } = command;
  const onCall = team ? onCallOf(team) : undefined;
  if (!team || !onCall) {
    const reason = team ? `team "${teamName}" has no members` : `no team named "${teamName}" (${command.route})`;
    return [IncidentUnroutedV1.create(command.eventId, { incidentId, team: teamName, reason, priority, title }, metadata)];
  }
  return [
    ResponderPagedV1.create(
      command.eventId,
      {
        incidentId,
        pageId: command.pageId,
        teamId: team.teamId,
        team: team.name,
        responder: { name: onCall.name, webhookUrl: onCall.contact.webhookUrl },
        priority,
        title,
        escalationLevel: 1,
        reason: `on-call order: lowest onCallOrder (${onCall.onCallOrder}) of team "${team.name}"; routed by ${command.route}`,
      },
      metadata,
    ),
  ];
}

function decideAcknowledge(command: AcknowledgeIncident, state: ResponseState): ResponseEvent[] {
  switch (state.status) {
    case 'none':
      throw new NotFoundError('incident', command.incidentId);
    case 'triggered':
      return [IncidentAcknowledgedV1.create(command.eventId, { incidentId: command.incidentId, by: command.by }, command.metadata)];
    // A second acknowledgement is refused (409) rather than ignored: the caller learns who owns it.
    case 'acknowledged':
      throw new DomainError('already_acknowledged', `incident already acknowledged by ${state.acknowledgedBy}`);
    case 'resolved':
      throw new DomainError('already_resolved', 'incident is resolved: it cannot be acknowledged');
    default:
      return assertNever(state);
  }
}

function decideResolve(command: ResolveIncident, state: ResponseState): ResponseEvent[] {
  switch (state.status) {
    case 'none':
      throw new NotFoundError('incident', command.incidentId);
    case 'triggered':
    case 'acknowledged':
      return [
        IncidentResolvedV1.create(
          command.eventId,
          { incidentId: command.incidentId, by: command.by, ...(command.resolution ? { resolution: command.resolution } : {}) },
          command.metadata,
        ),
      ];
    case 'resolved':
      throw new DomainError('already_resolved', `incident already resolved by ${state.resolvedBy}`);
    default:
      return assertNever(state);
  }
}

/**
 * Taken at any status (a resolved incident's priority still matters to its review); ignored
 * before the incident reached coordination, whose first page then carries triage's latest word.
 */
function decidePriorityChange(command: ChangePriority, state: ResponseState): ResponseEvent[] {
  if (state.status === 'none' || state.priority === command.priority) return [];
  return [
    ResponsePriorityChangedV1.create(
      command.eventId,
      {
        incidentId: command.incidentId,
        previous: state.priority,
        priority: command.priority,
        severity: command.severity,
        trigger: command.trigger,
        reason: command.reason,
      },
      command.metadata,
    ),
  ];
}
