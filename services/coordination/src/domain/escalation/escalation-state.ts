import {
  EventEnvelope,
  PendingTimers,
  TimerEvent,
  deterministicId,
  evolveTimers,
  isTimerEvent,
  noPendingTimers,
} from '@linchpin/eventsourcing';
import {
  EscalationExhaustedEvent,
  EscalationLevelReachedEvent,
  EscalationLevelSkippedEvent,
  EscalationStartedEvent,
  IncidentRenotifiedEvent,
  IncidentReopenedEvent,
} from '@linchpin/contracts';
import { EscalationPolicySnapshot, LevelPosition } from './escalation-policy';
import { ContactKind, NotificationRule, ResolvedPerson } from './resolve-level';

/*
 * What the escalation engine (escalation.ts) decides on: its timers' purposes and ids, the state the response
 * decider keeps, and its fold over the response stream (`evolveEscalation`).
 */

/** Timer purposes: a level's deadline, the re-notification of an acknowledged incident, and a paged person's later notification rule. */
export const ESCALATION_DEADLINE = 'escalation';
export const ACKNOWLEDGEMENT_TIMEOUT = 'acknowledgement-timeout';
export const NOTIFICATION_RULE = 'notification-rule';

/** A level's deadline: one per incident, repeat and level, so a redecided level schedules the same timer. */
export const deadlineTimerId = (incidentId: string, at: LevelPosition): string => deterministicId(incidentId, `escalation.deadline.${at.repeat}.${at.level}`);
/** The `n`-th acknowledgement timeout of an incident (0 at the acknowledgement, +1 at each re-notification). */
export const acknowledgementTimerId = (incidentId: string, n: number): string => deterministicId(incidentId, 'escalation.acknowledgement-timeout', n);

/** A paged person's `index`-th notification rule (in `rulesInOrder`): one per page and rule, so a redecided page schedules the same timer. */
export const notificationRuleTimerId = (pageId: string, index: number): string => deterministicId(pageId, 'escalation.notification-rule', index);

/** A person notified by the escalation: the page's id and where it went (a contact method's id, never its address). */
export interface NotifiedPerson extends ResolvedPerson {
  pageId: string;
}

/** A page the engine sent, as it keeps it to move a failed one on to the person's next contact method. */
export interface EscalationPage {
  pageId: string;
  personId: string;
  name: string;
  contactMethodId: string;
  contactKind: ContactKind;
  via: NotifiedPerson['via'];
  /** Sent while the incident was acknowledged (an acknowledgement-timeout re-notification, or its failover). */
  whileAcknowledged: boolean;
  /** Its failed delivery has already moved the person's rules on (coordination reacts to the first failure only). */
  failedOver: boolean;
  /**
   * The level's page this one follows from (its own id for a level's page or an acknowledgement-timeout
   * re-notification; a failover's or a notification rule's follow their page): a person's contact
   * method is used once per such page, whether by a failover or a rule.
   */
  origin: string;
  /** What sent it. */
  by: 'level' | 'acknowledgement-timeout' | 'delivery-failed' | 'notification-rule' | 'sla-breached';
}

/** A later notification rule of a paged person, pending: due `rule.afterMinutes` after `page` went out. */
export interface PendingRuleTimer extends PendingTimerRef {
  /** The level's page the minutes count from. */
  page: NotifiedPerson;
  /** The rule as it stood at the page; `index` its place in the person's `rulesInOrder`. */
  rule: NotificationRule & { index: number };
}

export interface PendingTimerRef {
  timerId: string;
  dueAt: string;
  /** When it was scheduled (its event's time): a level deadline set after an SLA target came due answers that breach. */
  scheduledAt?: string;
}

export interface EscalationState {
  /** The policy snapshot the escalation follows; null until it starts. */
  policy: EscalationPolicySnapshot | null;
  fallbackTeam: string | null;
  /** The last level reached or skipped; null before the first. */
  position: LevelPosition | null;
  /** The current level's deadline, while pending. */
  deadline: PendingTimerRef | null;
  /** The pending acknowledgement timeout, if any. */
  acknowledgementTimer: PendingTimerRef | null;
  /** The paged people's later notification rules, pending, by timer id. */
  ruleTimers: Readonly<Record<string, PendingRuleTimer>>;
  /** Acknowledgement timeouts scheduled so far: the next one's index. */
  acknowledgementTimers: number;
  acknowledged: boolean;
  resolved: boolean;
  exhausted: boolean;
  levelsReached: number;
  levelsSkipped: number;
  /** Who the last level reached paged: whom an acknowledgement timeout re-notifies. */
  current: NotifiedPerson[];
  pages: Readonly<Record<string, EscalationPage>>;
  /** The stream's pending timers (the engine's and any other). */
  timers: PendingTimers;
  /** How many times the escalation started over (a reassignment, a reopen that re-triggers): seeds its ids. */
  generation: number;
}

export const initialEscalation: EscalationState = {
  policy: null,
  fallbackTeam: null,
  position: null,
  deadline: null,
  acknowledgementTimer: null,
  ruleTimers: {},
  acknowledgementTimers: 0,
  acknowledged: false,
  resolved: false,
  exhausted: false,
  levelsReached: 0,
  levelsSkipped: 0,
  current: [],
  pages: {},
  timers: noPendingTimers,
  generation: 0,
};

/**
 * What the escalation's deterministic ids derive from: the incident for the first escalation, then
 * one seed per restart, so a restarted escalation's levels, pages and timers never reuse an id.
 */
export const escalationSeed = (state: Pick<EscalationState, 'generation'>, incidentId: string): string =>
  state.generation === 0 ? incidentId : deterministicId(incidentId, 'escalation.generation', state.generation);

/** The escalation as a restart finds it: no policy, nothing reached, the stream's timers and pages kept. */
const restarted = (state: EscalationState): EscalationState => ({
  ...initialEscalation,
  timers: state.timers,
  pages: state.pages,
  generation: state.generation + 1,
});

export type EscalationEvent =
  | EscalationStartedEvent
  | EscalationLevelReachedEvent
  | EscalationLevelSkippedEvent
  | EscalationExhaustedEvent
  | IncidentRenotifiedEvent
  | TimerEvent;

const withPages = (
  pages: EscalationState['pages'],
  notified: readonly NotifiedPerson[],
  whileAcknowledged: boolean,
  by: EscalationPage['by'],
  origin?: string,
): EscalationState['pages'] => ({
  ...pages,
  ...Object.fromEntries(notified.map((p) => [p.pageId, { ...p, whileAcknowledged, failedOver: false, by, origin: origin ?? p.pageId }])),
});

/** A `notification-rule` timer's details as scheduled (JSON), read back; undefined when they are not such details. */
const ruleTimerOf = (ref: PendingTimerRef, details: Record<string, unknown> | undefined): PendingRuleTimer | undefined => {
  const page = details?.page as NotifiedPerson | undefined;
  const rule = details?.rule as PendingRuleTimer['rule'] | undefined;
  return page && rule ? { ...ref, page, rule } : undefined;
};

/** `current` with `paged` added: a person already in it keeps their place, with the newer page. */
const joined = (current: readonly NotifiedPerson[], paged: readonly NotifiedPerson[]): NotifiedPerson[] => {
  const byPerson = new Map(current.map((p) => [p.personId, p]));
  for (const p of paged) byPerson.set(p.personId, p);
  return [...byPerson.values()];
};

const withoutKey = <T>(record: Readonly<Record<string, T>>, key: string): Readonly<Record<string, T>> => {
  if (!Object.prototype.hasOwnProperty.call(record, key)) return record;
  const { [key]: _gone, ...rest } = record;
  return rest;
};

/**
 * Folds one event of the response stream into the escalation (others leave it as it is): the
 * escalation's own events, the timers, and the incident's acknowledgement and resolution.
 */
export function evolveEscalation(state: EscalationState, event: EventEnvelope): EscalationState {
  if (isTimerEvent(event)) {
    const timers = evolveTimers(state.timers, event);
    switch (event.type) {
      case 'TimerScheduled': {
        const ref = { timerId: event.data.timerId, dueAt: event.data.dueAt };
        if (event.data.purpose === ESCALATION_DEADLINE) return { ...state, timers, deadline: { ...ref, scheduledAt: event.metadata.occurredAt } };
        if (event.data.purpose === ACKNOWLEDGEMENT_TIMEOUT) return { ...state, timers, acknowledgementTimer: ref, acknowledgementTimers: state.acknowledgementTimers + 1 };
        const ruleTimer = event.data.purpose === NOTIFICATION_RULE ? ruleTimerOf(ref, event.data.details) : undefined;
        if (ruleTimer) return { ...state, timers, ruleTimers: { ...state.ruleTimers, [ruleTimer.timerId]: ruleTimer } };
        return { ...state, timers };
      }
      case 'TimerFired':
      case 'TimerCancelled': {
        const ended = event.data.timerId;
        return {
          ...state,
          timers,
          deadline: state.deadline?.timerId === ended ? null : state.deadline,
          acknowledgementTimer: state.acknowledgementTimer?.timerId === ended ? null : state.acknowledgementTimer,
          ruleTimers: withoutKey(state.ruleTimers, ended),
        };
      }
    }
  }
  switch (event.type) {
    case 'EscalationStarted': {
      const { policy, fallbackTeam } = (event as EscalationStartedEvent).data;
      const { acknowledgementTimeoutMinutes, ...rest } = policy;
      return { ...state, policy: { ...rest, ...(acknowledgementTimeoutMinutes !== undefined ? { acknowledgementTimeoutMinutes } : {}) }, fallbackTeam };
    }
    case 'EscalationLevelReached': {
      const d = (event as EscalationLevelReachedEvent).data;
      const paged = d.paged as NotifiedPerson[];
      // Before an acknowledgement a level replaces the one nobody answered; after it (an SLA breach) its people join those at work.
      const current = state.acknowledged ? joined(state.current, paged) : paged;
      return { ...state, position: { repeat: d.repeat, level: d.level }, current, levelsReached: state.levelsReached + 1, pages: withPages(state.pages, paged, state.acknowledged, 'level') };
    }
    case 'EscalationLevelSkipped': {
      const d = (event as EscalationLevelSkippedEvent).data;
      return { ...state, position: { repeat: d.repeat, level: d.level }, levelsSkipped: state.levelsSkipped + 1 };
    }
    case 'EscalationExhausted':
      return { ...state, exhausted: true };
    case 'IncidentRenotified': {
      const d = (event as IncidentRenotifiedEvent).data;
      const notified = d.notified as NotifiedPerson[];
      const failed = d.failedPageId !== undefined ? state.pages[d.failedPageId] : undefined;
      const ruleOf = d.rule !== undefined ? state.pages[d.rule.pageId] : undefined;
      // A failover or a rule's notification follows its page's origin; an acknowledgement-timeout re-notification starts its own.
      const origin = failed?.origin ?? ruleOf?.origin ?? d.rule?.pageId;
      const pages = withPages(failed ? { ...state.pages, [failed.pageId]: { ...failed, failedOver: true } } : state.pages, notified, state.acknowledged, d.cause, origin);
      return { ...state, pages };
    }
    case 'IncidentAcknowledged':
      return { ...state, acknowledged: true };
    case 'IncidentResolved':
      return { ...state, resolved: true };
    // issue 13: a reassignment starts a new escalation (the new assignee's); a reopen resumes, or re-triggers from level 1.
    case 'IncidentReassigned':
      return restarted(state);
    case 'IncidentReopened':
      return (event as IncidentReopenedEvent).data.escalationRestarted ? restarted(state) : { ...state, resolved: false };
    default:
      return state;
  }
}

/** The escalation as a reassignment or a re-triggering reopen leaves it, to start the next one on (`startEscalation`). */
export const escalationRestarted = restarted;
