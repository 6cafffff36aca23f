import { CommandContext, Decider, DomainError, NotFoundError, assertNever, deterministicId, metadataOf } from '@linchpin/eventsourcing';
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
  escalationTimerFired,
  startEscalation,
  evolveEscalation,
  initialEscalation,
  isEscalationTimer,
  resolveFrom,
  rulesInOrder,
} from './escalation';

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

export type ResponseCommand = PageOnCall | AcknowledgeIncident | ResolveIncident | ChangePriority | RecordPageFailure | FireTimer | RecordDeliveryAttemptFailed;
export type ResponseEvent =
  | EscalationEvent
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
}

/** Every state carries the escalation engine's fold (its events come before the first page in one append). */
export type ResponseState = (
  | { status: 'none' }
  | ({ status: 'triggered' } & Response)
  | ({ status: 'acknowledged' } & Response)
  | ({ status: 'resolved' } & Response)
) & { escalation: EscalationState };

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
});

export const responseDecider: Decider<ResponseCommand, ResponseState, ResponseEvent> = {
  initialState: { status: 'none', escalation: initialEscalation },
  evolve(state, event) {
    return { ...evolveResponse(state, event), escalation: evolveEscalation(state.escalation, event) };
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
      case 'FireTimer':
        return decideTimer(command, state);
      case 'RecordDeliveryAttemptFailed':
        return decideDeliveryFailed(command, state);
      default:
        return assertNever(command);
    }
  },
};

function evolveResponse(state: ResponseState, event: ResponseEvent): ResponseState {
    switch (event.type) {
      case 'ResponderPaged': {
        const d = event.data;
        const base: IncidentState =
          state.status === 'none'
            ? { status: 'triggered' as const, ...opened(d.incidentId, d.team, d.priority, d.title, { paged: true, pagedReason: d.reason }), escalation: state.escalation }
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
        return { status: 'triggered', ...opened(d.incidentId, d.team, d.priority ?? null, d.title ?? null, { paged: false, pagedReason: d.reason }), escalation: state.escalation };
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
}

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
          const notified: NotifiedPerson = { ...p, pageId: deterministicId(pc.incidentId, `escalation.exhausted.page.${p.personId}`) };
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
        ...escalationResolved(state.escalation, { incidentId: command.incidentId, context: command.context }),
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
