import { CommandContext, Decider, DomainError, NotFoundError, assertNever, metadataOf } from '@linchpin/eventsourcing';
import {
  IncidentAcknowledgedEvent,
  IncidentAcknowledgedV1,
  IncidentResolvedEvent,
  IncidentResolvedV1,
  IncidentUnroutedEvent,
  IncidentUnroutedV2,
  PageFailedEvent,
  PageFailedV1,
  ResponderPagedEvent,
  ResponderPagedV2,
  ResponsePriorityChangedEvent,
  ResponsePriorityChangedV1,
} from '@linchpin/contracts';
import { ContactMethod, Person, firstContactOf } from './person.decider';

type Priority = ResponderPagedEvent['data']['priority'];

/**
 * A team as paging sees it: its members in any order, each with the person when the person is
 * active (absent when unknown or retired: never paged).
 */
export interface Roster {
  teamId: string;
  name: string;
  members: { personId: string; onCallOrder: number; person?: Person }[];
}

/** A team by the name triage gave, and the team of that name if coordination knows one (and it is not retired). */
export interface NamedTeam {
  teamName: string;
  team: Roster | undefined;
}

/**
 * Page the routed team's on-call for a triaged incident; `team` is undefined when the name is
 * unknown. `fallback` is the default route's team, paged when the routed one cannot be.
 */
export interface PageOnCall extends NamedTeam {
  type: 'PageOnCall';
  incidentId: string;
  eventId: string;
  pageId: string;
  fallback?: NamedTeam;
  priority: Priority;
  title: string;
  /** Provenance of the route, e.g. `rule r-1 v2`. */
  route: string;
  context: CommandContext;
}

export interface AcknowledgeIncident {
  type: 'AcknowledgeIncident';
  incidentId: string;
  eventId: string;
  by: string;
  context: CommandContext;
}

export interface ResolveIncident {
  type: 'ResolveIncident';
  incidentId: string;
  eventId: string;
  by: string;
  resolution?: string;
  context: CommandContext;
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
  context: CommandContext;
}

/** Comms gave up on one of the incident's pages (NotificationFailed of kind page). */
export interface RecordPageFailure {
  type: 'RecordPageFailure';
  incidentId: string;
  eventId: string;
  pageId: string;
  error: string;
  context: CommandContext;
}

export type ResponseCommand = PageOnCall | AcknowledgeIncident | ResolveIncident | ChangePriority | RecordPageFailure;
export type ResponseEvent =
  | ResponderPagedEvent
  | IncidentUnroutedEvent
  | IncidentAcknowledgedEvent
  | IncidentResolvedEvent
  | ResponsePriorityChangedEvent
  | PageFailedEvent;

/** A page names the person and the contact method used, never the address. */
export interface Page {
  pageId: string;
  personId: string;
  responder: string;
  contactMethodId: string;
  contactKind: ContactMethod['kind'];
  escalationLevel: number;
  reason: string;
  pagedAt: string;
  /** Why comms gave up on it; absent while it is on its way or was delivered. */
  failure?: string;
}

export interface Response {
  incidentId: string;
  priority: Priority | null;
  title: string | null;
  team: string;
  pages: Page[];
  /** True once someone was paged; false when nobody could be. */
  paged: boolean;
  /** Who was paged and why (which route), or why nobody was. */
  pagedReason: string;
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

const opened = (
  incidentId: string,
  team: string,
  priority: Priority | null,
  title: string | null,
  paging: { paged: boolean; pagedReason: string },
): Response => ({
  incidentId,
  priority,
  title,
  team,
  pages: [],
  ...paging,
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
        const base =
          state.status === 'none' ? { status: 'triggered' as const, ...opened(d.incidentId, d.team, d.priority, d.title, { paged: true, pagedReason: d.reason }) } : state;
        const page: Page = {
          pageId: d.pageId,
          personId: d.personId,
          responder: d.responder,
          contactMethodId: d.contactMethodId,
          contactKind: d.contactKind,
          escalationLevel: d.escalationLevel,
          reason: d.reason,
          pagedAt: event.metadata.occurredAt,
        };
        // The first page says why the incident reached someone; escalations add pages, not a new reason.
        const paging = base.paged ? {} : { paged: true, pagedReason: d.reason };
        return { ...base, ...paging, pages: [...base.pages, page] };
      }
      case 'IncidentUnrouted': {
        if (state.status !== 'none') return state;
        const d = event.data;
        return { status: 'triggered', ...opened(d.incidentId, d.team, d.priority ?? null, d.title ?? null, { paged: false, pagedReason: d.reason }) };
      }
      case 'PageFailed': {
        if (state.status === 'none') return state;
        const d = event.data;
        const pages = state.pages.map((p) => (p.pageId === d.pageId ? { ...p, failure: d.error } : p));
        return { ...state, pages, ...(d.paged ? {} : { paged: false, pagedReason: d.reason }) };
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
      case 'RecordPageFailure':
        return decidePageFailure(command, state);
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
  const routed = pageable(command);
  if (routed.ok) return [paged(command, routed, `routed by ${command.route}`)];
  const fallback = command.fallback;
  // The default route's team is tried once, and only when it is another team than the one that failed.
  if (fallback && teamKey(fallback.teamName) !== teamKey(command.teamName)) {
    const second = pageable(fallback);
    if (second.ok) {
      return [paged(command, second, `${routed.why}; paged the default route's team "${second.team.name}" instead; routed by ${command.route}`)];
    }
    const reason = `${routed.why}; the default route's team "${fallback.teamName}" ${second.problem} either: nobody was paged (routed by ${command.route})`;
    return [unrouted(command, { fallbackTeam: fallback.teamName, cause: second.cause, reason })];
  }
  return [unrouted(command, { cause: routed.cause, reason: `${routed.why}: nobody was paged (routed by ${command.route})` })];
}

interface OnCall {
  person: Person;
  onCallOrder: number;
  contact: ContactMethod;
}
type Pageable = { ok: true; team: Roster; onCall: OnCall } | { ok: false; cause: Unpaged; problem: string; why: string };
type Unpaged = IncidentUnroutedEvent['data']['cause'];

/** Team names are compared as coordination keys teams: case-insensitively (see teamIdOf). */
const teamKey = (name: string): string => name.trim().toLowerCase();

/** Whether someone of the named team can be paged, and if not, why, in words for the incident's views. */
const pageable = ({ teamName, team }: NamedTeam): Pageable => {
  if (!team) return { ok: false, cause: 'unknown-team', problem: 'does not exist', why: `team "${teamName}" does not exist` };
  const onCall = onCallOf(team);
  if (!onCall) {
    const why = team.members.length === 0 ? `team "${team.name}" has no members` : `team "${team.name}" has no members who can be paged (every member is retired or unknown)`;
    return { ok: false, cause: 'no-members', problem: 'has nobody to page', why };
  }
  return { ok: true, team, onCall };
};

/** The on-call: the active member with the lowest onCallOrder, reached by their first notification rule. */
export const onCallOf = (team: Roster): OnCall | undefined => {
  for (const member of [...team.members].sort((a, b) => a.onCallOrder - b.onCallOrder)) {
    const contact = member.person && firstContactOf(member.person);
    if (member.person && contact) return { person: member.person, onCallOrder: member.onCallOrder, contact };
  }
  return undefined;
};

const paged = (command: PageOnCall, { team, onCall }: Extract<Pageable, { ok: true }>, how: string): ResponseEvent =>
  ResponderPagedV2.create(
    command.eventId,
    {
      incidentId: command.incidentId,
      pageId: command.pageId,
      teamId: team.teamId,
      team: team.name,
      personId: onCall.person.personId,
      responder: onCall.person.name,
      contactMethodId: onCall.contact.id,
      contactKind: onCall.contact.kind,
      priority: command.priority,
      title: command.title,
      escalationLevel: 1,
      reason: `on-call order: lowest onCallOrder (${onCall.onCallOrder}) of team "${team.name}"; ${how}`,
    },
    metadataOf(command.context, command.incidentId),
  );

const unrouted = (command: PageOnCall, outcome: { reason: string; cause: Unpaged; fallbackTeam?: string }): ResponseEvent =>
  IncidentUnroutedV2.create(
    command.eventId,
    {
      incidentId: command.incidentId,
      team: command.teamName,
      ...(outcome.fallbackTeam !== undefined ? { fallbackTeam: outcome.fallbackTeam } : {}),
      reason: outcome.reason,
      cause: outcome.cause,
      paged: false,
      priority: command.priority,
      title: command.title,
    },
    metadataOf(command.context, command.incidentId),
  );

/**
 * A failed page is a loud fact: while no page of a triggered incident has reached anyone, the
 * incident is unpaged again. An acknowledged or resolved incident's failed page is recorded too (its
 * record must say the page never arrived) but leaves it paged. A page that is not this incident's,
 * or whose failure is already recorded (redelivery), changes nothing.
 */
function decidePageFailure(command: RecordPageFailure, state: ResponseState): ResponseEvent[] {
  if (state.status === 'none') return [];
  const page = state.pages.find((p) => p.pageId === command.pageId);
  if (!page || page.failure !== undefined) return [];
  // Someone acknowledged or resolved it: a person is on it, whatever became of the page.
  const reached = state.status !== 'triggered' || state.pages.some((p) => p.pageId !== page.pageId && p.failure === undefined);
  const reason = `the page to ${page.responder} of team "${state.team}" failed: ${command.error}${reached ? '' : '; nobody has been reached'}`;
  return [
    PageFailedV1.create(
      command.eventId,
      { incidentId: command.incidentId, pageId: page.pageId, team: state.team, responder: page.responder, error: command.error, reason, paged: reached },
      metadataOf(command.context, command.incidentId),
    ),
  ];
}

function decideAcknowledge(command: AcknowledgeIncident, state: ResponseState): ResponseEvent[] {
  switch (state.status) {
    case 'none':
      throw new NotFoundError('incident', command.incidentId);
    case 'triggered':
      return [IncidentAcknowledgedV1.create(command.eventId, { incidentId: command.incidentId, by: command.by }, metadataOf(command.context, command.incidentId))];
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
          metadataOf(command.context, command.incidentId),
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
      metadataOf(command.context, command.incidentId),
    ),
  ];
}
