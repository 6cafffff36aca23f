import { NotFoundError, deterministicId } from '@linchpin/eventsourcing';
import { IncidentStatusChangedEvent, ResponderPagedEvent } from '@linchpin/contracts';
import { ContactMethod } from './person.decider';
import { EscalationState, initialEscalation } from './escalation';
import { teamIdOf } from './team.decider';
import { Roles, evolveRoles, noRoles } from './response-roles';
import { MergeState, evolveMerge, isMergeEvent, noMerge } from './response-merge';
import { ResponseEvent } from './response-events';

/*
 * The response of one incident (`response-<incidentId>`): its state, the state of a stream with no
 * event yet, and how each event changes it. The decider (response.decider.ts) assembles it with the
 * escalation engine's fold.
 */

/** An incident's priority as its pages carry it. */
export type Priority = ResponderPagedEvent['data']['priority'];

/** issue 13, lifecycle: the statuses a responder moves an acknowledged incident through. */
export type WorkingStatus = IncidentStatusChangedEvent['data']['to'];
/** Every status of a response, in the order an incident moves through them. */
export const LIFECYCLE: readonly LifecycleStatus[] = ['triggered', 'acknowledged', 'investigating', 'identified', 'monitoring', 'resolved'];
export type LifecycleStatus = 'triggered' | 'acknowledged' | WorkingStatus | 'resolved';

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
  /** The paged team's id; null while nobody was paged. */
  teamId: string | null;
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
  /** issue 13: the mitigation, once. */
  mitigatedAt: string | null;
  mitigatedBy: string | null;
  mitigationNote: string | null;
  /** The last reopen's time, and how many so far. */
  reopenedAt: string | null;
  reopens: number;
  roles: Roles;
  /** The snooze in force: until when, and its timer. */
  snooze: { until: string; timerId: string; by: string } | null;
  /** Snoozes so far: the next snooze timer's index. */
  snoozes: number;
  /** issue 13: merged into another (a pointer), the incidents merged into this one, the links made on it. */
  merge: MergeState;
}

type Live<S extends LifecycleStatus> = S extends LifecycleStatus ? { status: S } & Response : never;

/**
 * Every state carries the escalation engine's fold (its events come before the first page in one
 * append) and the causation ids of the stream's events: an SLA breach answered is among them (the
 * escalation a breach causes carries no other mark of it), so a breach is answered once.
 */
export type ResponseState = ({ status: 'none' } | Live<LifecycleStatus>) & { escalation: EscalationState; causes: Causes };

/** A set of causation ids. */
export type Causes = Readonly<Record<string, true>>;

export type IncidentState = Exclude<ResponseState, { status: 'none' }>;

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
  teamId: null,
  pages: [],
  ...paging,
  acknowledgedBy: null,
  acknowledgedAt: null,
  resolvedBy: null,
  resolvedAt: null,
  resolution: null,
  mitigatedAt: null,
  mitigatedBy: null,
  mitigationNote: null,
  reopenedAt: null,
  reopens: 0,
  roles: noRoles,
  snooze: null,
  snoozes: 0,
  merge: noMerge,
});

/** The state of a stream with no event yet. */
export const initialResponseState: ResponseState = { status: 'none', escalation: initialEscalation, causes: {} };

export const evolveCauses = (causes: Causes, event: ResponseEvent): Causes =>
  event.metadata.causationId && !causes[event.metadata.causationId] ? { ...causes, [event.metadata.causationId]: true } : causes;

export function evolveResponse(state: ResponseState, event: ResponseEvent): ResponseState {
    switch (event.type) {
      case 'ResponderPaged': {
        const d = event.data;
        const base: IncidentState =
          state.status === 'none'
            ? { status: 'triggered' as const, ...opened(d.incidentId, d.team, d.priority, d.title, { paged: true, pagedReason: d.reason }), escalation: state.escalation, causes: state.causes }
            : state;
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
        // The incident's team is the first page's (a fallback page after exhaustion does not move it).
        return { ...base, ...paging, teamId: base.teamId ?? d.teamId, pages: [...base.pages, page] };
      }
      case 'IncidentUnrouted': {
        if (state.status !== 'none') return state;
        const d = event.data;
        return { status: 'triggered', ...opened(d.incidentId, d.team, d.priority ?? null, d.title ?? null, { paged: false, pagedReason: d.reason }), escalation: state.escalation, causes: state.causes };
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
          snooze: null,
        };
      default:
        return state.status === 'none' ? state : evolveLifecycle(state, event);
    }
}

/** issue 13: the lifecycle's and the roles' events. */
function evolveLifecycle(state: IncidentState, event: ResponseEvent): ResponseState {
  switch (event.type) {
    case 'IncidentStatusChanged':
      return { ...state, status: event.data.to };
    case 'IncidentMitigated':
      return { ...state, mitigatedAt: event.data.mitigatedAt, mitigatedBy: event.data.by, mitigationNote: event.data.note ?? null };
    case 'IncidentReopened': {
      const d = event.data;
      const ack = d.status === 'acknowledged' ? {} : { acknowledgedBy: null, acknowledgedAt: null };
      return { ...state, ...ack, status: d.status, resolvedBy: null, resolvedAt: null, resolution: null, reopenedAt: event.metadata.occurredAt, reopens: state.reopens + 1 };
    }
    case 'IncidentReassigned': {
      const { to } = event.data;
      const team = to.kind === 'team' ? { team: to.name, teamId: to.id } : {};
      return { ...state, ...team, status: 'triggered', acknowledgedBy: null, acknowledgedAt: null, snooze: null };
    }
    case 'IncidentSnoozed':
      return { ...state, snooze: { until: event.data.until, timerId: snoozeTimerId(state.incidentId, state.snoozes), by: event.data.by }, snoozes: state.snoozes + 1 };
    case 'IncidentSnoozeEnded':
      return { ...state, snooze: null };
    case 'IncidentRoleAssigned':
    case 'IncidentRoleReleased':
      return { ...state, roles: evolveRoles(state.roles, event) };
    // A merge cancels the snooze's timer with the escalation's: the snooze ends with it.
    case 'IncidentMerged':
      return { ...state, snooze: null, merge: evolveMerge(state.merge, event) };
    default:
      return isMergeEvent(event) ? { ...state, merge: evolveMerge(state.merge, event) } : state;
  }
}

/** The `n`-th snooze of an incident. */
export const snoozeTimerId = (incidentId: string, n: number): string => deterministicId(incidentId, 'lifecycle.snooze', n);
export const SNOOZE = 'snooze';

/** An incident the stream has never seen is a 404 for the commands a person sends. */
export const notFound = (incidentId: string): never => {
  throw new NotFoundError('incident', incidentId);
};

export const live = (state: ResponseState, incidentId: string): IncidentState => (state.status === 'none' ? notFound(incidentId) : state);

/** The incident's team id: the first page's, else the one its team's name gives. */
export const teamIdFor = (state: IncidentState): string => state.teamId ?? teamIdOf(state.team);
