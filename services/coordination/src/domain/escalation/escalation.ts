import {
  CommandContext,
  EventEnvelope,
  EventMetadata,
  PendingTimers,
  TimerEvent,
  deterministicId,
  evolveTimers,
  isPending,
  isTimerEvent,
  metadataOf,
  noPendingTimers,
  scheduleTimer,
  timerCancelled,
  timerFired,
} from '@linchpin/eventsourcing';
import {
  EscalationExhaustedEvent,
  EscalationExhaustedV1,
  EscalationLevelReachedEvent,
  EscalationLevelReachedV4,
  EscalationLevelSkippedEvent,
  EscalationLevelSkippedV1,
  EscalationStartedEvent,
  EscalationStartedV1,
  IncidentRenotifiedEvent,
  IncidentRenotifiedV4,
  IncidentReopenedEvent,
} from '@linchpin/contracts';
import { EscalationPolicySnapshot, FIRST_POSITION, LevelPosition, positionAfter } from './escalation-policy';
import { ContactKind, NotificationRule, ResolvedLevel, ResolvedPerson, rulesInOrder } from './resolve-level';

/*
 * The escalation engine, pure: the part of an incident's response that pages level after level
 * until someone acknowledges. The response decider keeps an `EscalationState` (folding every event
 * of its stream through `evolveEscalation`) and calls these functions from its own decisions; each
 * returns the events to append with the decision, timers included (the kernel's durable timers, in
 * the response stream). Levels are resolved to people by the application before deciding
 * (`resolveFrom`, in the kernel's `prepare` hook): resolution reads people, teams and schedules.
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

/** What every engine function needs besides the state: whose response, and who decides when. */
export interface EscalationInput {
  incidentId: string;
  context: CommandContext;
}

export interface StartEscalation extends EscalationInput {
  policy: EscalationPolicySnapshot;
  /** The default route's team, paged once the policy is exhausted. */
  fallbackTeam: string | null;
  /** `resolveFrom(policy, FIRST_POSITION, at, directory)`. */
  levels: readonly ResolvedLevel[];
  /** The id of the escalation's first page (the id the triage decision gave it); the others derive from the incident. */
  firstPageId?: string;
  /** The paged people's notification rules at the paging instant, by person id: their later rules are scheduled. A person absent: none. */
  notificationRules?: NotificationRulesByPerson;
}

/** Notification rules by person id (`notificationRulesOf(levels, directory)`). */
export type NotificationRulesByPerson = Readonly<Record<string, readonly NotificationRule[]>>;

export interface FireEscalationTimer extends EscalationInput {
  timer: PendingTimerRef;
  /** For a level deadline: `resolveFrom(state.policy, levelToResolve(state, timerId), at, directory)`; else none. */
  levels: readonly ResolvedLevel[];
  /**
   * For a level deadline: the rules of the people the next level pages (absent: none scheduled). For a
   * notification rule: the notified person's rules as they stand now (`ruleTimerPerson(state, timerId)`),
   * required: a rule whose contact method the person no longer has is not used.
   */
  notificationRules?: NotificationRulesByPerson;
}

export interface EscalationDeliveryFailed extends EscalationInput {
  /** The page whose delivery failed (comms' first `DeliveryAttemptFailed` of it). */
  pageId: string;
  /** The person's notification rules as they stand now. */
  rules: readonly NotificationRule[];
}

const addMinutes = (at: string, minutes: number): string => new Date(Date.parse(at) + minutes * 60_000).toISOString();
const refOf = (policy: EscalationPolicySnapshot) => ({ policyId: policy.policyId, version: policy.version, name: policy.name });
const positionName = (at: LevelPosition, policy: EscalationPolicySnapshot): string =>
  `level ${at.level} of ${policy.levels.length}${policy.repeat > 0 ? `, pass ${at.repeat + 1} of ${policy.repeat + 1}` : ''}`;
const policyName = (policy: EscalationPolicySnapshot): string => `"${policy.name}" v${policy.version}`;

/**
 * The timers of a just-paged person's later notification rules: one per rule after the first (the
 * one the page used) with `afterMinutes > 0`, due that long after the page.
 */
function laterRuleTimers(page: NotifiedPerson, rules: readonly NotificationRule[], pagedAt: string, metadata: EventMetadata): EscalationEvent[] {
  return rulesInOrder(rules).flatMap((rule, index) =>
    index === 0 || rule.afterMinutes <= 0
      ? []
      : [
          scheduleTimer(
            {
              timerId: notificationRuleTimerId(page.pageId, index),
              dueAt: addMinutes(pagedAt, rule.afterMinutes),
              purpose: NOTIFICATION_RULE,
              details: { page: { ...page }, rule: { index, contactMethodId: rule.contactMethodId, contactKind: rule.contactKind, afterMinutes: rule.afterMinutes } },
            },
            metadata,
          ),
        ],
  );
}

/** Cancels every pending notification-rule timer (acknowledged, resolved, or the escalation moved to another level). */
const cancelRuleTimers = (state: EscalationState, reason: string, metadata: EventMetadata): EscalationEvent[] =>
  Object.values(state.ruleTimers)
    .filter((t) => isPending(state.timers, t.timerId))
    .map((t) => timerCancelled(t.timerId, reason, metadata));

/** Page levels from `from` on: skip each that resolved to nobody, page the first with someone, or exhaust the policy. */
function walk(
  state: EscalationState,
  policy: EscalationPolicySnapshot,
  from: LevelPosition | null,
  levels: readonly ResolvedLevel[],
  input: EscalationInput & { firstPageId?: string; notificationRules?: NotificationRulesByPerson },
  metadata: EventMetadata,
): EscalationEvent[] {
  const { incidentId } = input;
  const seed = escalationSeed(state, incidentId);
  const events: EscalationEvent[] = [];
  let skippedInARow = 0;
  let skipped = state.levelsSkipped;
  let at = from;
  for (let i = 0; at !== null; i++, at = positionAfter(policy, at)) {
    const resolved = levels[i];
    if (!resolved || resolved.level !== at.level || resolved.repeat !== at.repeat) {
      throw new Error(`escalation of incident ${incidentId}: ${positionName(at, policy)} was not resolved (pass resolveFrom(policy, ${JSON.stringify(at)}, …))`);
    }
    if (resolved.people.length > 0) {
      const timeout = policy.levels[at.level - 1].timeoutMinutes;
      const dueAt = addMinutes(input.context.occurredAt, timeout);
      const timerId = deadlineTimerId(seed, at);
      const position = at;
      const paged = resolved.people.map((p, n) => ({
        ...p,
        pageId: n === 0 && input.firstPageId !== undefined ? input.firstPageId : deterministicId(seed, `escalation.page.${position.repeat}.${position.level}.${p.personId}`),
      }));
      const who = paged.map((p) => `${p.name} (${p.via.reason})`).join(', ');
      // The incident moves on to this level's people: the earlier pages' later rules no longer apply.
      events.push(...cancelRuleTimers(state, 'escalated', metadata));
      events.push(
        EscalationLevelReachedV4.create(
          deterministicId(seed, `escalation.reached.${at.repeat}.${at.level}`),
          {
            incidentId,
            policy: refOf(policy),
            level: at.level,
            repeat: at.repeat,
            paged,
            skipped: resolved.skipped,
            deadlineAt: dueAt,
            schedules: resolved.schedules ?? [],
            teams: resolved.teams ?? [],
            reason: `${positionName(at, policy)} of policy ${policyName(policy)}: paged ${who}; the next level comes in ${timeout} min unless someone acknowledges`,
          },
          metadata,
        ),
        scheduleTimer({ timerId, dueAt, purpose: ESCALATION_DEADLINE, details: { repeat: at.repeat, level: at.level } }, metadata),
        ...paged.flatMap((p) => laterRuleTimers(p, input.notificationRules?.[p.personId] ?? [], input.context.occurredAt, metadata)),
      );
      return events;
    }
    const reasons = resolved.skipped.map((s) => `${s.target.kind} ${s.target.id}: ${s.reason}`).join('; ') || 'the level names nobody';
    events.push(
      EscalationLevelSkippedV1.create(
        deterministicId(seed, `escalation.skipped.${at.repeat}.${at.level}`),
        { incidentId, policy: refOf(policy), level: at.level, repeat: at.repeat, skipped: resolved.skipped, reason: `${positionName(at, policy)} resolved to nobody: ${reasons}` },
        metadata,
      ),
    );
    skipped++;
    // A whole pass with nobody: the remaining passes resolve the same at this instant.
    if (++skippedInARow >= policy.levels.length) return [...events, exhausted(state, policy, { skipped, input, metadata, why: 'no level of the policy has anyone to page' })];
  }
  const why = policy.levels.length === 0 ? 'the policy has no levels' : 'nobody acknowledged by the deadline of its last level';
  return [...events, exhausted(state, policy, { skipped, input, metadata, why })];
}

function exhausted(
  state: EscalationState,
  policy: EscalationPolicySnapshot,
  { skipped, input, metadata, why }: { skipped: number; input: EscalationInput; metadata: EventMetadata; why: string },
): EscalationEvent {
  const fallbackTeam = state.fallbackTeam;
  const next = fallbackTeam !== null ? `paging the default route's team "${fallbackTeam}"` : 'there is no default route team: nobody else can be paged';
  return EscalationExhaustedV1.create(
    deterministicId(escalationSeed(state, input.incidentId), 'escalation.exhausted'),
    {
      incidentId: input.incidentId,
      policy: refOf(policy),
      levelsReached: state.levelsReached,
      levelsSkipped: skipped,
      fallbackTeam,
      reason: `policy ${policyName(policy)} exhausted (${why}; ${state.levelsReached} level(s) paged, ${skipped} skipped over ${policy.repeat + 1} pass(es)): ${next}`,
    },
    metadata,
  );
}

/**
 * Starts the escalation under `policy`: `EscalationStarted`, then level 1 paged at once with its
 * deadline (levels resolving to nobody skipped first, or the policy exhausted). An escalation starts
 * once: a second start decides nothing.
 */
export function startEscalation(state: EscalationState, input: StartEscalation): EscalationEvent[] {
  if (state.policy !== null) return [];
  const { policy } = input;
  const metadata = metadataOf(input.context, input.incidentId);
  const started = EscalationStartedV1.create(
    deterministicId(escalationSeed(state, input.incidentId), 'escalation.started'),
    {
      incidentId: input.incidentId,
      policy: {
        policyId: policy.policyId,
        version: policy.version,
        name: policy.name,
        source: policy.source,
        levels: policy.levels,
        repeat: policy.repeat,
        ...(policy.acknowledgementTimeoutMinutes !== undefined ? { acknowledgementTimeoutMinutes: policy.acknowledgementTimeoutMinutes } : {}),
      },
      fallbackTeam: input.fallbackTeam,
    },
    metadata,
  );
  const begun: EscalationState = { ...state, policy, fallbackTeam: input.fallbackTeam };
  return [started, ...walk(begun, policy, policy.levels.length > 0 ? FIRST_POSITION : null, input.levels, input, metadata)];
}

/** Whether `timerId` is one of the engine's pending timers (the response decider routes its `FireTimer` here then). */
export const isEscalationTimer = (state: EscalationState, timerId: string): boolean =>
  isPending(state.timers, timerId) &&
  (state.deadline?.timerId === timerId || state.acknowledgementTimer?.timerId === timerId || state.ruleTimers[timerId] !== undefined);

/** The person a pending notification-rule timer would notify (whose rules the application reads before deciding); undefined for any other timer. */
export const ruleTimerPerson = (state: EscalationState, timerId: string): string | undefined =>
  isPending(state.timers, timerId) ? state.ruleTimers[timerId]?.page.personId : undefined;

/**
 * The level a firing of `timerId` would page next, for the application to resolve (from it on, with
 * `resolveFrom`) before deciding; null when the firing pages no new level (not the pending deadline,
 * the incident acknowledged or resolved, or the policy at its end: then it exhausts it).
 */
export function levelToResolve(state: EscalationState, timerId: string): LevelPosition | null {
  if (!state.policy || state.deadline?.timerId !== timerId || !isPending(state.timers, timerId)) return null;
  if (state.acknowledged || state.resolved || state.exhausted || !state.position) return null;
  return positionAfter(state.policy, state.position);
}

/**
 * A timer of the engine came due. Only a pending timer fires (a duplicated firing decides nothing),
 * with its consequences in the same append: a level's deadline, while nobody acknowledged, pages
 * the next level (or the next pass's level 1; levels resolving to nobody skipped at once), or
 * exhausts the policy after the last; an acknowledgement timeout, while the incident is still
 * acknowledged and unresolved, re-notifies who the last level paged and schedules the next one.
 */
export function escalationTimerFired(state: EscalationState, input: FireEscalationTimer): EscalationEvent[] {
  const { timer } = input;
  if (!isEscalationTimer(state, timer.timerId) || !state.policy) return [];
  const metadata = metadataOf(input.context, input.incidentId);
  const fired = timerFired(timer, metadata);
  const policy = state.policy;
  const ruleTimer = state.ruleTimers[timer.timerId];
  if (ruleTimer) return [fired, ...ruleNotification(state, ruleTimer, input, metadata)];
  if (state.deadline?.timerId === timer.timerId) {
    // Made moot but never cancelled (the caller should have): the firing ends it and decides nothing else.
    if (state.acknowledged || state.resolved || state.exhausted || !state.position) return [fired];
    return [fired, ...walk(state, policy, positionAfter(policy, state.position), input.levels, input, metadata)];
  }
  if (!state.acknowledged || state.resolved || policy.acknowledgementTimeoutMinutes === undefined || state.current.length === 0) return [fired];
  const n = state.acknowledgementTimers;
  const notified = state.current.map((p) => ({ ...p, pageId: deterministicId(timer.timerId, `escalation.renotify.${p.personId}`) }));
  const minutes = policy.acknowledgementTimeoutMinutes;
  return [
    fired,
    IncidentRenotifiedV4.create(
      deterministicId(timer.timerId, 'escalation.renotified'),
      {
        incidentId: input.incidentId,
        cause: 'acknowledgement-timeout',
        notified,
        reason: `acknowledged and untouched for ${minutes} min (policy ${policyName(policy)}): re-notified ${notified.map((p) => p.name).join(', ')}; again in ${minutes} min unless resolved`,
      },
      metadata,
    ),
    scheduleTimer(
      { timerId: acknowledgementTimerId(escalationSeed(state, input.incidentId), n), dueAt: addMinutes(input.context.occurredAt, minutes), purpose: ACKNOWLEDGEMENT_TIMEOUT, details: { n } },
      metadata,
    ),
  ];
}

/** The SLA breach a level reached on an acknowledged incident answers (`EscalationLevelReached` v3's `sla`). */
export type SlaBreachRef = NonNullable<EscalationLevelReachedEvent['data']['sla']>;

export interface EscalationSlaBreached extends EscalationInput {
  /** The breach: its id seeds the ids of what it decides; recorded on the level it reaches. */
  sla: SlaBreachRef;
  /** The breach in words, said first in the level's reason (e.g. `SLA resolve breached (P1, due …) while the incident is acknowledged`). */
  why: string;
  /** `resolveFrom(state.policy, breachLevelToResolve(state), at, directory)`. */
  levels: readonly ResolvedLevel[];
}

/**
 * issue 13, "SlaBreached escalating by policy": the level an SLA breach of an acknowledged incident
 * pages, for the application to resolve (from it on, with `resolveFrom`) before deciding: the one after
 * the last reached, on the policy's first pass. Null when there is none: no policy, not acknowledged,
 * resolved, exhausted, or every level already reached or skipped once (a repeat pass would page people
 * already in the response).
 */
export function breachLevelToResolve(state: EscalationState): LevelPosition | null {
  const { policy, position } = state;
  if (!policy || !position || !state.acknowledged || state.resolved || state.exhausted) return null;
  return position.repeat === 0 && position.level < policy.levels.length ? { repeat: 0, level: position.level + 1 } : null;
}

/**
 * An SLA breach of an acknowledged incident pages the next level of its policy (`breachLevelToResolve`),
 * whose people join the response: levels resolving to nobody are skipped (`EscalationLevelSkipped`), the
 * first with someone is reached (`EscalationLevelReached` v3, `deadlineAt` null and `sla` the breach).
 * No deadline is scheduled (someone acknowledged: nothing comes by a deadline) and no later notification
 * rule (they apply while nobody acknowledged). The position advances, so a second breach goes one further.
 * Ids derive from the breach: a breach answered twice decides the same events. Returns no
 * `EscalationLevelReached` when no level of the rest of the pass has anyone (the caller re-notifies then).
 */
export function escalationSlaBreached(state: EscalationState, input: EscalationSlaBreached): EscalationEvent[] {
  const policy = state.policy;
  const from = breachLevelToResolve(state);
  if (!policy || !from) return [];
  const metadata = metadataOf(input.context, input.incidentId);
  const seed = input.sla.breachId;
  const events: EscalationEvent[] = [];
  for (let i = 0, at: LevelPosition | null = from; at !== null && at.repeat === from.repeat; i++, at = positionAfter(policy, at)) {
    const resolved = input.levels[i];
    if (!resolved || resolved.level !== at.level || resolved.repeat !== at.repeat) {
      throw new Error(`escalation of incident ${input.incidentId}: ${positionName(at, policy)} was not resolved (pass resolveFrom(policy, ${JSON.stringify(at)}, …))`);
    }
    if (resolved.people.length === 0) {
      const reasons = resolved.skipped.map((s) => `${s.target.kind} ${s.target.id}: ${s.reason}`).join('; ') || 'the level names nobody';
      events.push(
        EscalationLevelSkippedV1.create(
          deterministicId(seed, `escalation.sla-breach.skipped.${at.repeat}.${at.level}`),
          { incidentId: input.incidentId, policy: refOf(policy), level: at.level, repeat: at.repeat, skipped: resolved.skipped, reason: `${input.why}: ${positionName(at, policy)} resolved to nobody: ${reasons}` },
          metadata,
        ),
      );
      continue;
    }
    const position = at;
    const paged = resolved.people.map((p) => ({ ...p, pageId: deterministicId(seed, `escalation.sla-breach.page.${position.repeat}.${position.level}.${p.personId}`) }));
    const who = paged.map((p) => `${p.name} (${p.via.reason})`).join(', ');
    events.push(
      EscalationLevelReachedV4.create(
        deterministicId(seed, `escalation.sla-breach.reached.${at.repeat}.${at.level}`),
        {
          incidentId: input.incidentId,
          policy: refOf(policy),
          level: at.level,
          repeat: at.repeat,
          paged,
          skipped: resolved.skipped,
          deadlineAt: null,
          schedules: resolved.schedules ?? [],
          teams: resolved.teams ?? [],
          sla: input.sla,
          reason: `${input.why}: ${positionName(at, policy)} of policy ${policyName(policy)} paged ${who} to join the response (acknowledged: no level deadline)`,
        },
        metadata,
      ),
    );
    return events;
  }
  return events;
}

/**
 * A later notification rule came due: while the incident is unacknowledged and unresolved (a pending
 * rule timer also means the escalation is still on the level that paged: moving on cancels them),
 * the person is notified through the rule's contact method. Not when the person no longer has a rule
 * with that contact method (changed or retired since the page), nor when a failover already used it
 * (or it failed) for this page: a contact method is not used twice for one page.
 */
function ruleNotification(state: EscalationState, timer: PendingRuleTimer, input: FireEscalationTimer, metadata: EventMetadata): EscalationEvent[] {
  if (state.acknowledged || state.resolved) return [];
  const { page, rule } = timer;
  const current = input.notificationRules?.[page.personId];
  if (current === undefined) {
    throw new Error(`escalation of incident ${input.incidentId}: the notification rules of person ${page.personId} were not read (pass notificationRules for timer ${timer.timerId})`);
  }
  if (!current.some((r) => r.contactMethodId === rule.contactMethodId)) return [];
  const group = Object.values(state.pages).filter((p) => p.origin === page.pageId);
  if (group.some((p) => p.contactMethodId === rule.contactMethodId && (p.by === 'delivery-failed' || p.failedOver))) return [];
  const notified: NotifiedPerson = { ...page, pageId: deterministicId(timer.timerId, 'escalation.rule.page'), contactMethodId: rule.contactMethodId, contactKind: rule.contactKind };
  return [
    IncidentRenotifiedV4.create(
      deterministicId(timer.timerId, 'escalation.renotified'),
      {
        incidentId: input.incidentId,
        cause: 'notification-rule',
        notified: [notified],
        rule: { pageId: page.pageId, index: rule.index, afterMinutes: rule.afterMinutes },
        reason: `${page.name} has not acknowledged the page sent ${rule.afterMinutes} min ago through ${page.contactKind} ${page.contactMethodId}: notified through their notification rule ${rule.index + 1}, ${rule.contactKind} ${rule.contactMethodId}`,
      },
      metadata,
    ),
  ];
}

/**
 * The incident was acknowledged (appended with it): the pending level deadline is cancelled, made
 * moot, and with an acknowledgement timeout in the policy the first re-notification is scheduled.
 */
export function escalationAcknowledged(state: EscalationState, input: EscalationInput): EscalationEvent[] {
  if (!state.policy || state.acknowledged || state.resolved) return [];
  const metadata = metadataOf(input.context, input.incidentId);
  const events: EscalationEvent[] = [];
  if (state.deadline && isPending(state.timers, state.deadline.timerId)) events.push(timerCancelled(state.deadline.timerId, 'acknowledged', metadata));
  events.push(...cancelRuleTimers(state, 'acknowledged', metadata));
  const minutes = state.policy.acknowledgementTimeoutMinutes;
  if (minutes !== undefined) {
    const n = state.acknowledgementTimers;
    events.push(
      scheduleTimer(
        { timerId: acknowledgementTimerId(escalationSeed(state, input.incidentId), n), dueAt: addMinutes(input.context.occurredAt, minutes), purpose: ACKNOWLEDGEMENT_TIMEOUT, details: { n } },
        metadata,
      ),
    );
  }
  return events;
}

/** The incident was resolved (appended with it): every pending timer of the escalation is cancelled. */
export function escalationResolved(state: EscalationState, input: EscalationInput): EscalationEvent[] {
  if (!state.policy || state.resolved) return [];
  const metadata = metadataOf(input.context, input.incidentId);
  return [
    ...[state.deadline, state.acknowledgementTimer]
      .filter((t): t is PendingTimerRef => t !== null && isPending(state.timers, t.timerId))
      .map((t) => timerCancelled(t.timerId, 'resolved', metadata)),
    ...cancelRuleTimers(state, 'resolved', metadata),
  ];
}

/**
 * A page's delivery failed (the first failure of it): the person is notified at once through the
 * next contact method of their notification rules that has not failed in this incident. Nothing
 * when there is none (the failure itself is recorded loudly as `PageFailed`), when the page is not
 * the engine's or already moved on, when the incident is resolved, or when it was acknowledged
 * after the page went out (someone is on it).
 */
export function escalationDeliveryFailed(state: EscalationState, input: EscalationDeliveryFailed): EscalationEvent[] {
  const page = state.pages[input.pageId];
  if (!page || page.failedOver || state.resolved || (state.acknowledged && !page.whileAcknowledged)) return [];
  // Neither a contact method that failed for the person, nor one already used for this page (its level's page, a rule's).
  const failed = new Set(
    Object.values(state.pages)
      .filter((p) => p.personId === page.personId && (p.failedOver || p.origin === page.origin))
      .map((p) => p.contactMethodId),
  ).add(page.contactMethodId);
  const next = rulesInOrder(input.rules).find((rule) => !failed.has(rule.contactMethodId));
  if (!next) return [];
  const notified: NotifiedPerson = {
    pageId: deterministicId(page.pageId, 'escalation.failover'),
    personId: page.personId,
    name: page.name,
    contactMethodId: next.contactMethodId,
    contactKind: next.contactKind,
    via: page.via,
  };
  return [
    IncidentRenotifiedV4.create(
      deterministicId(page.pageId, 'escalation.renotified'),
      {
        incidentId: input.incidentId,
        cause: 'delivery-failed',
        notified: [notified],
        failedPageId: page.pageId,
        reason: `the page to ${page.name} through ${page.contactKind} ${page.contactMethodId} failed: notified at once through their next contact method, ${next.contactKind} ${next.contactMethodId}`,
      },
      metadataOf(input.context, input.incidentId),
    ),
  ];
}

/**
 * issue 13, snooze: an acknowledged incident is quiet until the snooze ends, so its pending
 * acknowledgement timeout is cancelled with the snooze (appended with `IncidentSnoozed`).
 */
export function escalationSnoozed(state: EscalationState, input: EscalationInput): EscalationEvent[] {
  const timer = state.acknowledgementTimer;
  if (!timer || !isPending(state.timers, timer.timerId)) return [];
  return [timerCancelled(timer.timerId, 'snoozed', metadataOf(input.context, input.incidentId))];
}

/**
 * issue 13, snooze ended. `elapsed`: whom the last level paged is re-notified, as by an acknowledgement
 * timeout (ids derived from the snooze's timer, `renotifyId`); either way the acknowledgement timeout
 * runs again from now when the policy has one.
 */
export function escalationSnoozeEnded(state: EscalationState, input: EscalationInput & { renotify?: { seed: string; reason: string } }): EscalationEvent[] {
  if (!state.policy || state.resolved) return [];
  const metadata = metadataOf(input.context, input.incidentId);
  const events: EscalationEvent[] = [];
  if (input.renotify && state.current.length > 0) {
    const { seed, reason } = input.renotify;
    const notified = state.current.map((p) => ({ ...p, pageId: deterministicId(seed, `escalation.renotify.${p.personId}`) }));
    events.push(
      IncidentRenotifiedV4.create(
        deterministicId(seed, 'escalation.renotified'),
        { incidentId: input.incidentId, cause: 'acknowledgement-timeout', notified, reason: `${reason}: re-notified ${notified.map((p) => p.name).join(', ')}` },
        metadata,
      ),
    );
  }
  const minutes = state.policy.acknowledgementTimeoutMinutes;
  if (minutes !== undefined && state.acknowledged) {
    const n = state.acknowledgementTimers;
    events.push(
      scheduleTimer(
        { timerId: acknowledgementTimerId(escalationSeed(state, input.incidentId), n), dueAt: addMinutes(input.context.occurredAt, minutes), purpose: ACKNOWLEDGEMENT_TIMEOUT, details: { n } },
        metadata,
      ),
    );
  }
  return events;
}

/** The escalation as a reassignment or a re-triggering reopen leaves it, to start the next one on (`startEscalation`). */
export const escalationRestarted = restarted;

/** Every pending timer of the escalation, cancelled for `reason` (a reassignment ends the old escalation). */
export function escalationStopped(state: EscalationState, input: EscalationInput, reason: string): EscalationEvent[] {
  const metadata = metadataOf(input.context, input.incidentId);
  return [
    ...[state.deadline, state.acknowledgementTimer]
      .filter((t): t is PendingTimerRef => t !== null && isPending(state.timers, t.timerId))
      .map((t) => timerCancelled(t.timerId, reason, metadata)),
    ...cancelRuleTimers(state, reason, metadata),
  ];
}
