import { CommandContext } from '@linchpin/eventsourcing';
import { ResponsePriorityChangedEvent } from '@linchpin/contracts';
import { ContactMethod, Person } from './person.decider';
import { EscalationPolicySnapshot, NotificationRule, NotificationRulesByPerson, ResolvedLevel } from './escalation';
import { SlaTarget } from './sla';
import { AssignRole, ReleaseRole } from './response-roles';
import { MergeCommand } from './response-merge';
import { Priority, WorkingStatus } from './response-state';

/*
 * The response decider's commands: plain objects with everything the decision needs (ids, the
 * context, and what the application resolved before deciding).
 */

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
  /** Why they are paged (the page's reason); by default `added to the response by <by>`. */
  reason?: string;
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
 * issue 13, "SlaBreached escalates by policy": answer one SLA breach of the incident (the rule in
 * response-sla-breach.ts). Once per breach: `context.causationId` is the breach.
 */
export interface RespondToSlaBreach {
  type: 'RespondToSlaBreach';
  incidentId: string;
  /** The `SlaBreached` event's id; `context.causationId` is the same. */
  breachId: string;
  target: SlaTarget;
  priority: Priority;
  dueAt: string;
  /**
   * Resolved before deciding: escalating a triggered incident, as for `EscalateIncident` (the escalation
   * timers' preparation); paging an acknowledged one's next level, from `breachLevelToResolve(state.escalation)` on.
   */
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
