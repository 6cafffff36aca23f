import {
  CommandContext,
  Decider,
  DomainError,
  NotFoundError,
  assertNever,
  deterministicId,
  isPending,
  metadataOf,
  scheduleTimer,
  timerCancelled,
  timerFired,
} from '@linchpin/eventsourcing';
import {
  IncidentMitigatedEvent,
  IncidentMitigatedV1,
  IncidentReassignedEvent,
  IncidentReassignedV1,
  IncidentReopenedEvent,
  IncidentReopenedV1,
  IncidentRoleAssignedEvent,
  IncidentRoleReleasedEvent,
  IncidentSnoozeEndedEvent,
  IncidentSnoozeEndedV1,
  IncidentSnoozedEvent,
  IncidentSnoozedV1,
  IncidentStatusChangedEvent,
  IncidentStatusChangedV1,
  RespondersAddedEvent,
  RespondersAddedV1,
  IncidentAcknowledgedEvent,
  IncidentAcknowledgedV1,
  IncidentResolvedEvent,
  IncidentResolvedV1,
  IncidentRenotifiedV3,
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
import {
  EscalationDirectory,
  EscalationEvent,
  EscalationPolicySnapshot,
  EscalationState,
  FIRST_POSITION,
  NotifiedPerson,
  NotificationRule,
  NotificationRulesByPerson,
  ResolvedLevel,
  defaultPolicyForTeam,
  notificationRulesOf,
  escalationAcknowledged,
  escalationDeliveryFailed,
  escalationResolved,
  escalationRestarted,
  escalationSnoozeEnded,
  escalationSnoozed,
  escalationStopped,
  escalationSeed,
  escalationTimerFired,
  evolveEscalation as foldEscalation,
  startEscalation,
  evolveEscalation,
  initialEscalation,
  isEscalationTimer,
  resolveFrom,
  rulesInOrder,
} from './escalation';
import { teamIdOf } from './team.decider';
import { SlaTarget } from './sla';
import { AssignRole, ReleaseRole, Roles, decideAssignRole, decideReleaseRole, evolveRoles, noRoles } from './response-roles';
import {
  MergeCommand,
  MergeEvent,
  MergeState,
  decideAbsorb,
  decideLink,
  decideMerge,
  decideSplit,
  decideUnlink,
  decideUnmerge,
  evolveMerge,
  isMergeEvent,
  noMerge,
  refuseMerged,
} from './response-merge';

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
  /**
   * The escalation this team's incident follows, resolved before deciding (the `prepare` hook reads
   * policies, people, teams and schedules). Absent: the team's default policy resolved from `team`.
   */
  escalation?: EscalationPlan;
}

/** The policy an incident's escalation follows and its first levels resolved at the paging instant. */
export interface EscalationPlan {
  policy: EscalationPolicySnapshot;
  /** `resolveFrom(policy, FIRST_POSITION, context.occurredAt, directory)`. */
  levels: ResolvedLevel[];
  /** Said in the first page's reason, e.g. that the route named a policy coordination does not know. */
  note?: string;
  /** The first level's people's notification rules (`notificationRulesOf(levels, directory)`): their later rules are scheduled. */
  notificationRules?: NotificationRulesByPerson;
}

/**
 * Who the default route's team pages once an escalation is exhausted: the first level of its own
 * policy, resolved at that instant (before deciding). Paged once, without an escalation of its own.
 */
export interface FallbackPage {
  teamId: string;
  team: string;
  policy: { policyId: string; version: number; name: string };
  level: ResolvedLevel;
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
  /** The default route's team, paged when the escalation is exhausted; absent: `fallback`'s, else none. */
  defaultRouteTeam?: string | null;
  /** Resolved before deciding when the escalation would be exhausted at once. */
  onExhausted?: FallbackPage;
  /** Minutes between the levels of a team's default policy built from `team` (default 15). */
  defaultEscalationMinutes?: number;
  context: CommandContext;
}

/**
 * A durable timer of the response came due (the `TimerDriver`): a level's deadline, an
 * acknowledgement timeout or a paged person's later notification rule. A timer no longer pending decides nothing, so a second firing (a
 * restart, another process) pages nobody twice.
 */
export interface FireTimer {
  type: 'FireTimer';
  incidentId: string;
  timerId: string;
  dueAt: string;
  /** For a level deadline: the levels from `levelToResolve(state.escalation, timerId)` on, resolved now. */
  levels: ResolvedLevel[];
  /** Resolved before deciding when this firing would exhaust the escalation. */
  onExhausted?: FallbackPage;
  /**
   * Read before deciding: for a level deadline, the rules of the people the next level pages; for a
   * notification rule (`ruleTimerPerson(state.escalation, timerId)`), that person's rules as they stand now.
   */
  notificationRules?: NotificationRulesByPerson;
  context: CommandContext;
}

/** Comms' first failed attempt of one of the incident's pages: the person is notified through their next contact method. */
export interface RecordDeliveryAttemptFailed {
  type: 'RecordDeliveryAttemptFailed';
  incidentId: string;
  pageId: string;
  /** The paged person's notification rules as they stand now (read before deciding). */
  rules: NotificationRule[];
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

/** issue 13, lifecycle: the statuses a responder moves an acknowledged incident through. */
export type WorkingStatus = IncidentStatusChangedEvent['data']['to'];
/** Every status of a response, in the order an incident moves through them. */
export const LIFECYCLE: readonly LifecycleStatus[] = ['triggered', 'acknowledged', 'investigating', 'identified', 'monitoring', 'resolved'];
export type LifecycleStatus = 'triggered' | 'acknowledged' | WorkingStatus | 'resolved';

/** Move an acknowledged incident forward: investigating, identified, monitoring. */
export interface ChangeStatus {
  type: 'ChangeStatus';
  incidentId: string;
  eventId: string;
  to: WorkingStatus;
  note?: string;
  by: string;
  context: CommandContext;
}

/** The impact stopped: recorded once, at any status before resolved. */
export interface MitigateIncident {
  type: 'MitigateIncident';
  incidentId: string;
  eventId: string;
  by: string;
  note?: string;
  context: CommandContext;
}

/**
 * Bring a resolved incident back within `windowMinutes` of its resolution. When nobody had
 * acknowledged it, its escalation restarts from level 1: `levels` (and `notificationRules`,
 * `onExhausted`) are its policy's first levels resolved now, before deciding.
 */
export interface ReopenIncident {
  type: 'ReopenIncident';
  incidentId: string;
  eventId: string;
  by: string;
  reason: string;
  windowMinutes: number;
  levels?: ResolvedLevel[];
  notificationRules?: NotificationRulesByPerson;
  onExhausted?: FallbackPage;
  context: CommandContext;
}

/**
 * Hand the incident to a team (its escalation policy, resolved before deciding) or a person (a
 * one-level policy paging them directly): a new escalation starts, the incident is triggered again.
 */
export interface ReassignIncident {
  type: 'ReassignIncident';
  incidentId: string;
  eventId: string;
  by: string;
  to: { kind: 'team' | 'person'; id: string; name: string };
  plan: EscalationPlan;
  onExhausted?: FallbackPage;
  context: CommandContext;
}

/** Page the next level now: a level deadline fired by hand (`levels` etc. as `FireTimer`'s, resolved before deciding). */
export interface EscalateIncident {
  type: 'EscalateIncident';
  incidentId: string;
  by: string;
  levels: ResolvedLevel[];
  notificationRules?: NotificationRulesByPerson;
  onExhausted?: FallbackPage;
  context: CommandContext;
}

/** A person to page by hand, resolved before deciding: their first notification rule's contact method. */
export interface PageablePerson {
  personId: string;
  name: string;
  contactMethodId: string;
  contactKind: ContactMethod['kind'];
}

/** Add people to the response: each is paged at once. */
export interface AddResponders {
  type: 'AddResponders';
  incidentId: string;
  eventId: string;
  by: string;
  people: PageablePerson[];
  context: CommandContext;
}

/** Quiet an acknowledged incident until `until` (a durable timer in the stream). */
export interface SnoozeIncident {
  type: 'SnoozeIncident';
  incidentId: string;
  eventId: string;
  by: string;
  until: string;
  context: CommandContext;
}

export interface UnsnoozeIncident {
  type: 'UnsnoozeIncident';
  incidentId: string;
  eventId: string;
  by: string;
  context: CommandContext;
}

/**
 * issue 13, "SlaBreached escalates by policy": answer one SLA breach of the incident (the rule at
 * `decideSlaBreach`). Once per breach: `context.causationId` is the breach.
 */
export interface RespondToSlaBreach {
  type: 'RespondToSlaBreach';
  incidentId: string;
  /** The `SlaBreached` event's id; `context.causationId` is the same. */
  breachId: string;
  target: SlaTarget;
  priority: Priority;
  dueAt: string;
  /** Resolved before deciding, as for `EscalateIncident` (the escalation timers' preparation). */
  levels: EscalateIncident['levels'];
  notificationRules?: EscalateIncident['notificationRules'];
  onExhausted?: EscalateIncident['onExhausted'];
  context: CommandContext;
}

export type ResponseCommand =
  | PageOnCall
  | AcknowledgeIncident
  | ResolveIncident
  | ChangePriority
  | RecordPageFailure
  | FireTimer
  | RecordDeliveryAttemptFailed
  | ChangeStatus
  | MitigateIncident
  | ReopenIncident
  | ReassignIncident
  | EscalateIncident
  | AddResponders
  | SnoozeIncident
  | UnsnoozeIncident
  | AssignRole
  | ReleaseRole
  | RespondToSlaBreach
  | MergeCommand;
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

type IncidentState = Exclude<ResponseState, { status: 'none' }>;

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

export const responseDecider: Decider<ResponseCommand, ResponseState, ResponseEvent> = {
  initialState: { status: 'none', escalation: initialEscalation, causes: {} },
  evolve(state, event) {
    return { ...evolveResponse(state, event), escalation: evolveEscalation(state.escalation, event), causes: evolveCauses(state.causes, event) };
  },
  decide(command, state) {
    // A merged incident takes no person's command but an unmerge (409 naming the survivor).
    if (state.status !== 'none' && REFUSED_WHEN_MERGED.has(command.type)) refuseMerged(state.merge, command.incidentId);
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
      case 'FireTimer':
        return decideTimer(command, state);
      case 'RecordDeliveryAttemptFailed':
        // A merged incident's escalation stopped: a failed page of it moves nobody on.
        return state.status !== 'none' && state.merge.mergedInto !== null ? [] : decideDeliveryFailed(command, state);
      case 'ChangeStatus':
        return decideStatusChange(command, state);
      case 'MitigateIncident':
        return decideMitigate(command, state);
      case 'ReopenIncident':
        return decideReopen(command, state);
      case 'ReassignIncident':
        return decideReassign(command, state);
      case 'EscalateIncident':
        return decideEscalate(command, state);
      case 'AddResponders':
        return decideAddResponders(command, state);
      case 'SnoozeIncident':
        return decideSnooze(command, state);
      case 'UnsnoozeIncident':
        return decideUnsnooze(command, state);
      case 'AssignRole':
        return state.status === 'none' ? notFound(command.incidentId) : decideAssignRole(command, state.roles);
      case 'ReleaseRole':
        return state.status === 'none' ? notFound(command.incidentId) : decideReleaseRole(command, state.roles);
      case 'MergeIncident':
        return decideMergeInto(command, state);
      case 'AbsorbIncident':
        return state.status === 'none' ? [] : decideAbsorb(command, state.merge);
      case 'UnmergeIncident':
        return decideUnmerge(command, live(state, command.incidentId).merge);
      case 'SplitIncident':
        return state.status === 'none' ? [] : decideSplit(command, state.merge);
      case 'LinkIncident':
        return decideLink(command, live(state, command.incidentId).merge);
      case 'UnlinkIncident':
        return decideUnlink(command, live(state, command.incidentId).merge);
      case 'RespondToSlaBreach':
        return decideSlaBreach(command, state);
      default:
        return assertNever(command);
    }
  },
};

const evolveCauses = (causes: Causes, event: ResponseEvent): Causes =>
  event.metadata.causationId && !causes[event.metadata.causationId] ? { ...causes, [event.metadata.causationId]: true } : causes;

function evolveResponse(state: ResponseState, event: ResponseEvent): ResponseState {
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

function decidePage(command: PageOnCall, state: ResponseState): ResponseEvent[] {
  switch (state.status) {
    case 'none':
      break;
    // Paging happens once per incident: a redelivered or repeated triage pages nobody again.
    case 'triggered':
    case 'acknowledged':
    case 'investigating':
    case 'identified':
    case 'monitoring':
    case 'resolved':
      return [];
    default:
      return assertNever(state);
  }
  const routed = pageable(command);
  if (routed.ok) return escalate(command, state, command, routed.team, `routed by ${command.route}`);
  const fallback = command.fallback;
  // The default route's team is tried once, and only when it is another team than the one that failed.
  if (fallback && teamKey(fallback.teamName) !== teamKey(command.teamName)) {
    const second = pageable(fallback);
    if (second.ok) {
      return escalate(command, state, fallback, second.team, `${routed.why}; paged the default route's team "${second.team.name}" instead; routed by ${command.route}`);
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

/**
 * A team's default escalation policy resolved from its roster alone (the command came without a
 * prepared plan): one level per member in on-call order, people as the roster has them.
 */
export function rosterPlan(team: Roster, minutesBetweenLevels: number, at: string): EscalationPlan {
  const policy = defaultPolicyForTeam({ teamId: team.teamId, name: team.name, version: 1, members: team.members }, minutesBetweenLevels);
  const byId = new Map(team.members.map((m) => [m.personId, m.person]));
  const directory: EscalationDirectory = {
    person: (personId) => {
      const person = byId.get(personId);
      if (!person) return undefined;
      const kinds = new Map(person.contactMethods.map((c) => [c.id, c.kind]));
      const rules = person.notificationRules.flatMap((r) => (kinds.has(r.contactMethodId) ? [{ ...r, contactKind: kinds.get(r.contactMethodId)! }] : []));
      return { personId, name: person.name, retired: false, rules };
    },
    team: () => undefined,
    onCallAt: () => undefined,
  };
  const levels = resolveFrom(policy, FIRST_POSITION, at, directory);
  return { policy, levels, notificationRules: notificationRulesOf(levels, directory) };
}

/** Where the escalation's pages go, and the words of the decision that sends them. */
interface PageContext {
  incidentId: string;
  teamId: string;
  team: string;
  priority: Priority;
  title: string;
  /** The policy's level count: a page's `escalationLevel` counts levels over every pass. */
  levelsPerPass: number;
  /** The ordinal of the last level reached before this decision (0 before the first). */
  lastOrdinal: number;
  /** The first page of the incident: the triage decision's event id, and why this team. */
  first?: { eventId: string; how: string; orderOf: (personId: string) => number | undefined };
  onExhausted?: FallbackPage;
  /** The `escalationLevel` of a page already sent (a notification rule's page keeps its level page's). */
  levelOfPage?: (pageId: string) => number | undefined;
  /** The escalation's id seed (`escalationSeed`): a restarted escalation's fallback pages get ids of their own. */
  seed?: string;
  context: CommandContext;
}

const ordinalOf = (levelsPerPass: number, at: { repeat: number; level: number }): number => at.repeat * levelsPerPass + at.level;

/**
 * One `ResponderPaged` v2 per person the engine's events notify (a level reached, a re-notification,
 * the default route's team after exhaustion), with the engine's page id, so comms delivers each and
 * a redecided command pages nobody twice.
 */
function pagesOf(engine: readonly EscalationEvent[], pc: PageContext): ResponseEvent[] {
  const metadata = metadataOf(pc.context, pc.incidentId);
  const pages: ResponseEvent[] = [];
  let ordinal = pc.lastOrdinal;
  const page = (p: NotifiedPerson, level: number, reason: string, team = { teamId: pc.teamId, team: pc.team }): void => {
    const eventId = pages.length === 0 && pc.first ? pc.first.eventId : deterministicId(p.pageId, 'coordination.responder-paged');
    pages.push(
      ResponderPagedV2.create(
        eventId,
        {
          incidentId: pc.incidentId,
          pageId: p.pageId,
          ...team,
          personId: p.personId,
          responder: p.name,
          contactMethodId: p.contactMethodId,
          contactKind: p.contactKind,
          priority: pc.priority,
          title: pc.title,
          escalationLevel: level,
          reason,
        },
        metadata,
      ),
    );
  };
  for (const event of engine) {
    switch (event.type) {
      case 'EscalationLevelReached': {
        const d = event.data;
        ordinal = ordinalOf(pc.levelsPerPass, d);
        for (const p of d.paged) {
          const order = pc.first?.orderOf(p.personId);
          const who = order !== undefined && pages.length === 0 ? `on-call order: lowest onCallOrder (${order}) of team "${pc.team}"; ` : '';
          page(p, ordinal, pc.first && pages.length === 0 ? `${who}${d.reason}; ${pc.first.how}` : d.reason);
        }
        break;
      }
      case 'IncidentRenotified': {
        const rulePage = event.data.rule?.pageId;
        const level = (rulePage !== undefined ? pc.levelOfPage?.(rulePage) : undefined) ?? Math.max(ordinal, 1);
        for (const p of event.data.notified) page(p, level, event.data.reason);
        break;
      }
      case 'EscalationExhausted': {
        const fallback = pc.onExhausted;
        if (!fallback) break;
        for (const p of fallback.level.people) {
          const notified: NotifiedPerson = { ...p, pageId: deterministicId(pc.seed ?? pc.incidentId, `escalation.exhausted.page.${p.personId}`) };
          page(notified, ordinal + 1, `${event.data.reason}: ${p.name} (${p.via.reason}), level 1 of the team's policy "${fallback.policy.name}" v${fallback.policy.version}`, {
            teamId: fallback.teamId,
            team: fallback.team,
          });
        }
        break;
      }
      default:
        break;
    }
  }
  return pages;
}

/** Starts the incident's escalation with `named`'s plan and pages whom it reaches first. */
function escalate(command: PageOnCall, state: ResponseState, named: NamedTeam, team: Roster, how: string): ResponseEvent[] {
  const plan = named.escalation ?? rosterPlan(team, command.defaultEscalationMinutes ?? 15, command.context.occurredAt);
  const defaultRouteTeam = command.defaultRouteTeam !== undefined ? command.defaultRouteTeam : (command.fallback?.teamName ?? null);
  const engine = startEscalation(state.escalation, {
    incidentId: command.incidentId,
    context: command.context,
    policy: plan.policy,
    fallbackTeam: defaultRouteTeam,
    levels: plan.levels,
    firstPageId: command.pageId,
    ...(plan.notificationRules ? { notificationRules: plan.notificationRules } : {}),
  });
  const orders = new Map(team.members.map((m) => [m.personId, m.onCallOrder]));
  const pages = pagesOf(engine, {
    incidentId: command.incidentId,
    teamId: team.teamId,
    team: team.name,
    priority: command.priority,
    title: command.title,
    levelsPerPass: plan.policy.levels.length,
    lastOrdinal: 0,
    first: { eventId: command.eventId, how: plan.note ? `${how}; ${plan.note}` : how, orderOf: (id) => (plan.policy.source === 'team-default' ? orders.get(id) : undefined) },
    ...(command.onExhausted ? { onExhausted: command.onExhausted } : {}),
    context: command.context,
  });
  if (pages.length > 0) return [...engine, ...pages];
  // Nobody at all: neither the policy nor the default route's team had anyone to page.
  const exhausted = engine.find((e) => e.type === 'EscalationExhausted');
  const reason = `${exhausted?.data && 'reason' in exhausted.data ? exhausted.data.reason : 'the escalation paged nobody'}; nobody was paged (routed by ${command.route})`;
  return [...engine, unrouted(command, { cause: 'no-members', reason, ...(defaultRouteTeam ? { fallbackTeam: defaultRouteTeam } : {}) })];
}

/** A timer came due: the engine decides (only while it is pending), then its pages go out. */
function decideTimer(command: FireTimer, state: ResponseState): ResponseEvent[] {
  if (state.status !== 'none' && state.snooze?.timerId === command.timerId && isPending(state.escalation.timers, command.timerId)) return snoozeElapsed(command, state);
  if (state.status === 'none' || state.teamId === null || !isEscalationTimer(state.escalation, command.timerId) || !state.escalation.policy) return [];
  const timer = { timerId: command.timerId, dueAt: command.dueAt };
  const engine = escalationTimerFired(state.escalation, {
    incidentId: command.incidentId,
    context: command.context,
    timer,
    levels: command.levels,
    ...(command.notificationRules ? { notificationRules: command.notificationRules } : {}),
  });
  return [...engine, ...pagesOf(engine, contextOf(state, state.teamId, command.context, command.onExhausted))];
}

/** A page's first failed delivery attempt: the engine moves the person on to their next contact method. */
function decideDeliveryFailed(command: RecordDeliveryAttemptFailed, state: ResponseState): ResponseEvent[] {
  if (state.status === 'none' || state.teamId === null) return [];
  const engine = escalationDeliveryFailed(state.escalation, { incidentId: command.incidentId, context: command.context, pageId: command.pageId, rules: rulesInOrder(command.rules) });
  return [...engine, ...pagesOf(engine, contextOf(state, state.teamId, command.context))];
}

const contextOf = (state: IncidentState, teamId: string, context: CommandContext, onExhausted?: FallbackPage): PageContext => {
  const { policy, position } = state.escalation;
  const levelsPerPass = policy?.levels.length ?? 1;
  return {
    incidentId: state.incidentId,
    teamId,
    team: state.team,
    priority: state.priority ?? 'P3',
    title: state.title ?? '',
    levelsPerPass,
    lastOrdinal: position ? ordinalOf(levelsPerPass, position) : 0,
    ...(onExhausted ? { onExhausted } : {}),
    levelOfPage: (pageId) => state.pages.find((p) => p.pageId === pageId)?.escalationLevel,
    seed: escalationSeed(state.escalation, state.incidentId),
    context,
  };
};

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
      return [
        IncidentAcknowledgedV1.create(command.eventId, { incidentId: command.incidentId, by: command.by }, metadataOf(command.context, command.incidentId)),
        // The level deadline is cancelled (and an acknowledgement timeout scheduled) in the same append.
        ...escalationAcknowledged(state.escalation, { incidentId: command.incidentId, context: command.context }),
      ];
    // A second acknowledgement is refused (409) rather than ignored: the caller learns who owns it.
    case 'acknowledged':
    case 'investigating':
    case 'identified':
    case 'monitoring':
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
    case 'investigating':
    case 'identified':
    case 'monitoring':
      return [
        IncidentResolvedV1.create(
          command.eventId,
          { incidentId: command.incidentId, by: command.by, ...(command.resolution ? { resolution: command.resolution } : {}) },
          metadataOf(command.context, command.incidentId),
        ),
        ...escalationResolved(state.escalation, { incidentId: command.incidentId, context: command.context }),
        ...cancelSnooze(state, 'resolved', command.context),
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

/* ----------------------------------------------------------------------------------------------
 * issue 13: the lifecycle. triggered → acknowledged → investigating → identified → monitoring →
 * resolved; mitigation its own moment; reopen within a window; reassign, escalate by hand, add
 * responders, snooze. A move that makes no sense is a DomainError (409) whose code says which.
 * -------------------------------------------------------------------------------------------- */

const notFound = (incidentId: string): never => {
  throw new NotFoundError('incident', incidentId);
};

const live = (state: ResponseState, incidentId: string): IncidentState => (state.status === 'none' ? notFound(incidentId) : state);

const rank = (status: LifecycleStatus): number => LIFECYCLE.indexOf(status);

/** The `n`-th snooze of an incident. */
export const snoozeTimerId = (incidentId: string, n: number): string => deterministicId(incidentId, 'lifecycle.snooze', n);
export const SNOOZE = 'snooze';

/** The pending snooze's timer cancelled (a resolution, a reassignment, an unsnooze, a new snooze). */
const cancelSnooze = (state: ResponseState, reason: string, context: CommandContext): ResponseEvent[] =>
  state.status !== 'none' && state.snooze && isPending(state.escalation.timers, state.snooze.timerId)
    ? [timerCancelled(state.snooze.timerId, reason, metadataOf(context, state.incidentId))]
    : [];

const teamIdFor = (state: IncidentState): string => state.teamId ?? teamIdOf(state.team);

function decideStatusChange(command: ChangeStatus, state: ResponseState): ResponseEvent[] {
  const incident = live(state, command.incidentId);
  const from = incident.status;
  if (from === 'resolved') throw new DomainError('incident_resolved', `incident is resolved: it cannot move to ${command.to} (reopen it first)`);
  if (from === 'triggered') {
    throw new DomainError('not_acknowledged', `nobody has acknowledged the incident: acknowledge it before moving it to ${command.to} (its escalation is still paging)`);
  }
  if (from === command.to) throw new DomainError('same_status', `incident is already ${from}`);
  if (rank(command.to) < rank(from)) throw new DomainError('status_backwards', `incident is ${from}: it cannot move back to ${command.to} (the lifecycle only moves forward; reopen a resolved incident)`);
  return [
    IncidentStatusChangedV1.create(
      command.eventId,
      { incidentId: command.incidentId, from, to: command.to, by: command.by, ...(command.note ? { note: command.note } : {}) },
      metadataOf(command.context, command.incidentId),
    ),
  ];
}

function decideMitigate(command: MitigateIncident, state: ResponseState): ResponseEvent[] {
  const incident = live(state, command.incidentId);
  if (incident.status === 'resolved') throw new DomainError('already_resolved', 'incident is resolved: mitigation is recorded before the resolution');
  if (incident.mitigatedAt !== null) throw new DomainError('already_mitigated', `incident already mitigated at ${incident.mitigatedAt} by ${incident.mitigatedBy}`);
  return [
    IncidentMitigatedV1.create(
      command.eventId,
      { incidentId: command.incidentId, mitigatedAt: command.context.occurredAt, by: command.by, ...(command.note ? { note: command.note } : {}) },
      metadataOf(command.context, command.incidentId),
    ),
  ];
}

/**
 * Whether a reopen of this state restarts the escalation (as PagerDuty re-triggers): when nobody had
 * acknowledged it and it had an escalation. The application resolves the policy's first levels then.
 */
export const reopenRestartsEscalation = (state: ResponseState): boolean =>
  state.status === 'resolved' && state.acknowledgedBy === null && state.escalation.policy !== null;

function decideReopen(command: ReopenIncident, state: ResponseState): ResponseEvent[] {
  const incident = live(state, command.incidentId);
  if (incident.status !== 'resolved' || incident.resolvedAt === null) throw new DomainError('not_resolved', `incident is ${incident.status}: only a resolved incident can be reopened`);
  const deadline = Date.parse(incident.resolvedAt) + command.windowMinutes * 60_000;
  if (Date.parse(command.context.occurredAt) > deadline) {
    throw new DomainError(
      'reopen_window_passed',
      `incident was resolved at ${incident.resolvedAt}: it could be reopened for ${command.windowMinutes} min, until ${new Date(deadline).toISOString()}; open a new incident instead`,
    );
  }
  const restart = reopenRestartsEscalation(incident);
  const status = incident.acknowledgedBy === null ? 'triggered' : 'acknowledged';
  const metadata = metadataOf(command.context, command.incidentId);
  const reopened = IncidentReopenedV1.create(
    command.eventId,
    { incidentId: command.incidentId, by: command.by, reason: command.reason, status, resolvedAt: incident.resolvedAt, escalationRestarted: restart },
    metadata,
  );
  const escalation = foldEscalation(incident.escalation, reopened);
  const input = { incidentId: command.incidentId, context: command.context };
  if (!restart || !incident.escalation.policy) return [reopened, ...escalationSnoozeEnded(escalation, input)];
  const engine = startEscalation(escalation, {
    ...input,
    policy: incident.escalation.policy,
    fallbackTeam: incident.escalation.fallbackTeam,
    levels: command.levels ?? [],
    ...(command.notificationRules ? { notificationRules: command.notificationRules } : {}),
  });
  const after: IncidentState = { ...incident, escalation };
  return [reopened, ...engine, ...pagesOf(engine, { ...contextOf(after, teamIdFor(incident), command.context, command.onExhausted), lastOrdinal: 0 })];
}

function decideReassign(command: ReassignIncident, state: ResponseState): ResponseEvent[] {
  const incident = live(state, command.incidentId);
  if (incident.status === 'resolved') throw new DomainError('already_resolved', 'incident is resolved: reopen it before reassigning it');
  if (command.to.kind === 'team' && incident.teamId === command.to.id && incident.status === 'triggered') {
    throw new DomainError('already_assigned', `incident is already with team "${command.to.name}" and is being paged`);
  }
  const input = { incidentId: command.incidentId, context: command.context };
  const metadata = metadataOf(command.context, command.incidentId);
  const stopped = [...escalationStopped(incident.escalation, input, 'reassigned'), ...cancelSnooze(incident, 'reassigned', command.context)];
  const reassigned = IncidentReassignedV1.create(command.eventId, { incidentId: command.incidentId, by: command.by, to: command.to, previousTeam: incident.team }, metadata);
  const escalation = escalationRestarted(incident.escalation);
  const engine = startEscalation(escalation, {
    ...input,
    policy: command.plan.policy,
    fallbackTeam: incident.escalation.fallbackTeam,
    levels: command.plan.levels,
    ...(command.plan.notificationRules ? { notificationRules: command.plan.notificationRules } : {}),
  });
  const team = command.to.kind === 'team' ? { teamId: command.to.id, team: command.to.name } : { teamId: teamIdFor(incident), team: incident.team };
  const pc: PageContext = {
    incidentId: command.incidentId,
    ...team,
    priority: incident.priority ?? 'P3',
    title: incident.title ?? '',
    levelsPerPass: command.plan.policy.levels.length,
    lastOrdinal: 0,
    seed: escalationSeed(escalation, command.incidentId),
    ...(command.onExhausted ? { onExhausted: command.onExhausted } : {}),
    context: command.context,
  };
  const pages = pagesOf(engine, pc);
  if (pages.length === 0) {
    throw new DomainError('nobody_to_page', `${command.to.kind} "${command.to.name}" has nobody who can be paged now: the incident stays where it is`);
  }
  return [...stopped, reassigned, ...engine, ...pages];
}

/** The pending level deadline, fired now: the same events as when it comes due. */
export const pendingDeadline = (state: ResponseState): { timerId: string; dueAt: string } | null => {
  const deadline = state.escalation.deadline;
  return deadline && isPending(state.escalation.timers, deadline.timerId) ? deadline : null;
};

function decideEscalate(command: EscalateIncident, state: ResponseState): ResponseEvent[] {
  const incident = live(state, command.incidentId);
  if (incident.status === 'resolved') throw new DomainError('already_resolved', 'incident is resolved: there is nobody left to escalate to');
  if (incident.status !== 'triggered') {
    throw new DomainError('already_acknowledged', `incident acknowledged by ${incident.acknowledgedBy}: escalating pages the next level only while nobody has (add responders or reassign instead)`);
  }
  const deadline = pendingDeadline(incident);
  if (!deadline || !incident.escalation.policy) {
    throw new DomainError('escalation_not_running', incident.escalation.exhausted ? 'the escalation is exhausted: there is no next level' : 'the incident has no escalation under way (nobody was paged)');
  }
  const engine = escalationTimerFired(incident.escalation, {
    incidentId: command.incidentId,
    context: command.context,
    timer: deadline,
    levels: command.levels,
    ...(command.notificationRules ? { notificationRules: command.notificationRules } : {}),
  });
  return [...engine, ...pagesOf(engine, contextOf(incident, teamIdFor(incident), command.context, command.onExhausted))];
}

function decideAddResponders(command: AddResponders, state: ResponseState): ResponseEvent[] {
  const incident = live(state, command.incidentId);
  if (incident.status === 'resolved') throw new DomainError('already_resolved', 'incident is resolved: reopen it before adding responders');
  const metadata = metadataOf(command.context, command.incidentId);
  const paged = command.people.map((p) => ({ ...p, pageId: deterministicId(command.eventId, `responders.page.${p.personId}`) }));
  const level = Math.max(1, ...incident.pages.map((p) => p.escalationLevel));
  const reason = `added to the response by ${command.by}`;
  return [
    RespondersAddedV1.create(command.eventId, { incidentId: command.incidentId, by: command.by, responders: paged.map(({ personId, name, pageId }) => ({ personId, name, pageId })) }, metadata),
    ...paged.map((p) =>
      ResponderPagedV2.create(
        deterministicId(p.pageId, 'coordination.responder-paged'),
        {
          incidentId: command.incidentId,
          pageId: p.pageId,
          teamId: teamIdFor(incident),
          team: incident.team,
          personId: p.personId,
          responder: p.name,
          contactMethodId: p.contactMethodId,
          contactKind: p.contactKind,
          priority: incident.priority ?? 'P3',
          title: incident.title ?? '',
          escalationLevel: level,
          reason,
        },
        metadata,
      ),
    ),
  ];
}

function decideSnooze(command: SnoozeIncident, state: ResponseState): ResponseEvent[] {
  const incident = live(state, command.incidentId);
  if (incident.status === 'resolved') throw new DomainError('already_resolved', 'incident is resolved: there is nothing to snooze');
  if (incident.status === 'triggered') throw new DomainError('not_acknowledged', 'only an acknowledged incident can be snoozed: acknowledge it first');
  const metadata = metadataOf(command.context, command.incidentId);
  const timerId = snoozeTimerId(command.incidentId, incident.snoozes);
  return [
    ...cancelSnooze(incident, 'snoozed again', command.context),
    ...escalationSnoozed(incident.escalation, { incidentId: command.incidentId, context: command.context }),
    IncidentSnoozedV1.create(command.eventId, { incidentId: command.incidentId, by: command.by, until: command.until }, metadata),
    scheduleTimer({ timerId, dueAt: command.until, purpose: SNOOZE, details: { by: command.by } }, metadata),
  ];
}

function decideUnsnooze(command: UnsnoozeIncident, state: ResponseState): ResponseEvent[] {
  const incident = live(state, command.incidentId);
  if (!incident.snooze) throw new DomainError('not_snoozed', `incident is ${incident.status} and not snoozed`);
  const input = { incidentId: command.incidentId, context: command.context };
  return [
    ...cancelSnooze(incident, 'unsnoozed', command.context),
    IncidentSnoozeEndedV1.create(command.eventId, { incidentId: command.incidentId, cause: 'unsnoozed', by: command.by, snoozedUntil: incident.snooze.until }, metadataOf(command.context, command.incidentId)),
    ...escalationSnoozeEnded(incident.escalation, input),
  ];
}

/** The snooze's time came: it ends, and whom the last level paged is re-notified, as by an acknowledgement timeout. */
function snoozeElapsed(command: FireTimer, state: IncidentState): ResponseEvent[] {
  const snooze = state.snooze!;
  const metadata = metadataOf(command.context, command.incidentId);
  const input = { incidentId: command.incidentId, context: command.context };
  const engine = escalationSnoozeEnded(state.escalation, {
    ...input,
    renotify: { seed: snooze.timerId, reason: `the snooze by ${snooze.by} until ${snooze.until} ended` },
  });
  return [
    timerFired({ timerId: snooze.timerId, dueAt: command.dueAt }, metadata),
    IncidentSnoozeEndedV1.create(
      deterministicId(snooze.timerId, 'lifecycle.snooze-ended'),
      { incidentId: command.incidentId, cause: 'elapsed', by: command.context.actor, snoozedUntil: snooze.until },
      metadata,
    ),
    ...engine,
    ...pagesOf(engine, contextOf(state, teamIdFor(state), command.context)),
  ];
}

/* ----------------------------------------------------------------------------------------------
 * issue 13: merge and link (the rules in response-merge.ts).
 * -------------------------------------------------------------------------------------------- */

/** The commands a person sends that a merged incident refuses (409 `incident_merged`); reactions decide as before. */
const REFUSED_WHEN_MERGED: ReadonlySet<ResponseCommand['type']> = new Set<ResponseCommand['type']>([
  'AcknowledgeIncident',
  'ResolveIncident',
  'ChangeStatus',
  'MitigateIncident',
  'ReopenIncident',
  'ReassignIncident',
  'EscalateIncident',
  'AddResponders',
  'SnoozeIncident',
  'UnsnoozeIncident',
  'AssignRole',
  'ReleaseRole',
]);

/**
 * Merge into the survivor: `IncidentMerged` and, in the same append, every pending timer of the
 * escalation and the snooze cancelled (reason `merged`). The status stays what it was.
 */
function decideMergeInto(command: Extract<MergeCommand, { type: 'MergeIncident' }>, state: ResponseState): ResponseEvent[] {
  const incident = live(state, command.incidentId);
  const merged = decideMerge(command, incident.merge, incident.status === 'resolved');
  const input = { incidentId: command.incidentId, context: command.context };
  return [...merged, ...escalationStopped(incident.escalation, input, 'merged'), ...cancelSnooze(incident, 'merged', command.context)];
}

/* ----------------------------------------------------------------------------------------------
 * issue 13, "SlaBreached escalates by policy": what an SLA breach does to the incident's response.
 *
 * - triggered (nobody acknowledged) with a level deadline pending: escalate to the next level exactly
 *   as `POST …/escalate` does (`EscalateIncident`, same events);
 * - acknowledged, investigating, identified or monitoring, not snoozed: re-notify whom the last level
 *   paged (the engine's re-notification), `IncidentRenotified` v3 cause `sla-breached`, a
 *   `ResponderPaged` each, reason "SLA <target> breached …";
 * - resolved, snoozed, merged into another incident, or triggered with nothing to escalate (exhausted,
 *   nobody was paged): nothing
 *   (the breach itself is already loud: published, logged, counted).
 *
 * Once per breach: the state keeps the causes of the stream's events, and every event decided here
 * is caused by the breach (`context.causationId` = the `SlaBreached` id), so a redelivered breach,
 * a retry after a conflict or a second replica finds it answered and decides nothing.
 * -------------------------------------------------------------------------------------------- */

/** What a breach does to a response in this state (the reactor logs it; the decider holds to it). */
export type SlaBreachAction = 'escalate' | 'renotify' | 'nothing';

export function slaBreachActionOf(state: ResponseState): SlaBreachAction {
  // A merged incident's response goes on in its survivor: its own clocks may still pass, paging nobody.
  if (state.status !== 'none' && state.merge.mergedInto !== null) return 'nothing';
  switch (state.status) {
    case 'none':
    case 'resolved':
      return 'nothing';
    case 'triggered':
      return pendingDeadline(state) && state.escalation.policy ? 'escalate' : 'nothing';
    case 'acknowledged':
    case 'investigating':
    case 'identified':
    case 'monitoring':
      return state.snooze === null && state.escalation.current.length > 0 && !state.escalation.resolved ? 'renotify' : 'nothing';
  }
}

function decideSlaBreach(command: RespondToSlaBreach, state: ResponseState): ResponseEvent[] {
  if (state.causes[command.breachId]) return [];
  switch (slaBreachActionOf(state)) {
    case 'nothing':
      return [];
    case 'escalate': {
      const escalate: EscalateIncident = {
        type: 'EscalateIncident',
        incidentId: command.incidentId,
        by: command.context.actor,
        levels: command.levels,
        ...(command.notificationRules ? { notificationRules: command.notificationRules } : {}),
        ...(command.onExhausted ? { onExhausted: command.onExhausted } : {}),
        context: command.context,
      };
      return decideEscalate(escalate, state);
    }
    case 'renotify':
      return renotify(command, state as IncidentState);
  }
}

const minutesLate = (dueAt: string, at: string): number => Math.max(0, Math.round((Date.parse(at) - Date.parse(dueAt)) / 60_000));

/** The engine's re-notification of whom the last level paged, with the breach as its cause and reason. */
function renotify(command: RespondToSlaBreach, incident: IncidentState): ResponseEvent[] {
  const metadata = metadataOf(command.context, command.incidentId);
  const { escalation } = incident;
  const notified = escalation.current.map((p) => ({ ...p, pageId: deterministicId(command.breachId, `coordination.sla-breach.page.${p.personId}`) }));
  const late = minutesLate(command.dueAt, command.context.occurredAt);
  const reason =
    `SLA ${command.target} breached (${command.priority}, due ${command.dueAt}${late > 0 ? `, ${late} min ago` : ''}) while the incident is ${incident.status}: ` +
    `re-notified ${notified.map((p) => p.name).join(', ')}`;
  const levelsPerPass = escalation.policy?.levels.length ?? 1;
  const level = escalation.position ? Math.max(1, escalation.position.repeat * levelsPerPass + escalation.position.level) : 1;
  return [
    IncidentRenotifiedV3.create(
      deterministicId(command.breachId, 'coordination.sla-breach.renotified'),
      { incidentId: command.incidentId, cause: 'sla-breached', notified, sla: { breachId: command.breachId, target: command.target, priority: command.priority }, reason },
      metadata,
    ),
    ...notified.map((p) =>
      ResponderPagedV2.create(
        deterministicId(p.pageId, 'coordination.responder-paged'),
        {
          incidentId: command.incidentId,
          pageId: p.pageId,
          teamId: incident.teamId ?? teamIdOf(incident.team),
          team: incident.team,
          personId: p.personId,
          responder: p.name,
          contactMethodId: p.contactMethodId,
          contactKind: p.contactKind,
          priority: incident.priority ?? command.priority,
          title: incident.title ?? '',
          escalationLevel: level,
          reason,
        },
        metadata,
      ),
    ),
  ];
}
