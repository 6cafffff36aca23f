import {
  CommandContext,
  EventMetadata,
  deterministicId,
  isPending,
  metadataOf,
  scheduleTimer,
  timerCancelled,
  timerFired,
} from '@linchpin/eventsourcing';
import {
  EscalationExhaustedV1,
  EscalationLevelReachedEvent,
  EscalationLevelReachedV4,
  EscalationLevelSkippedV1,
  EscalationStartedV1,
  IncidentRenotifiedV4,
} from '@linchpin/contracts';
import { EscalationPolicySnapshot, FIRST_POSITION, LevelPosition, positionAfter } from './escalation-policy';
import { NotificationRule, ResolvedLevel, rulesInOrder } from './resolve-level';
import {
  ACKNOWLEDGEMENT_TIMEOUT,
  ESCALATION_DEADLINE,
  EscalationEvent,
  EscalationState,
  NOTIFICATION_RULE,
  NotifiedPerson,
  PendingRuleTimer,
  PendingTimerRef,
  acknowledgementTimerId,
  deadlineTimerId,
  escalationSeed,
  notificationRuleTimerId,
} from './escalation-state';

/*
 * The escalation engine, pure: the part of an incident's response that pages level after level
 * until someone acknowledges. The response decider keeps an `EscalationState` (folding every event
 * of its stream through `evolveEscalation`, in escalation-state.ts) and calls these functions from its own decisions; each
 * returns the events to append with the decision, timers included (the kernel's durable timers, in
 * the response stream). Levels are resolved to people by the application before deciding
 * (`resolveFrom`, in the kernel's `prepare` hook): resolution reads people, teams and schedules.
 */

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
