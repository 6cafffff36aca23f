import {
  CommandContext,
  Decider,
  DomainError,
  EventMetadata,
  PendingTimers,
  RecordedEvent,
  TimerEvent,
  assertNever,
  deterministicId,
  evolveTimers,
  isPending,
  metadataOf,
  noPendingTimers,
  scheduleTimer,
  timerFired,
} from '@linchpin/eventsourcing';
import {
  DeliveryAttemptFailedEvent,
  DeliveryAttemptFailedV3,
  DeliveryRetryRequestedEvent,
  DeliveryRetryRequestedV2,
  NotificationDeliveredEvent,
  NotificationDeliveredV3,
  NotificationFailedEvent,
  NotificationFailedV2,
} from '@linchpin/contracts';

/**
 * What a delivery is, as its events and dead letters say and receivers read it (`Linchpin-Event`): a page, a status
 * update (and the update-overdue and resolved notices sent as one), or a postmortem's action item reminder (issue 16).
 */
export type DeliveryKind = 'page' | 'status-update' | 'action-item-reminder';
export const DELIVERY_KINDS: readonly DeliveryKind[] = ['page', 'status-update', 'action-item-reminder'];
export type DeliveryEvent = NotificationDeliveredEvent | NotificationFailedEvent;

/** One delivery per (cause event, target): a redelivered bus message maps to the same id. */
export const deliveryIdOf = (causeEventId: string, target: string): string => deterministicId(causeEventId, `comms.delivery:${target}`);

/** A delivery already has an outcome in its stream: deliver nothing again. */
export const alreadyDelivered = (history: readonly { type: string }[]): boolean =>
  history.some((e) => e.type === NotificationDeliveredV3.type || e.type === NotificationFailedV2.type);

export interface Attempt {
  /** HTTP status when the receiver answered; absent when the request itself failed. */
  statusCode?: number;
  error?: string;
  /** The outbound guard refused the target: final, it will not get better by retrying. */
  refused?: boolean;
  /** How long the attempt took, when it was made at all. */
  latencyMs?: number;
}

export const isSuccess = (attempt: Attempt): boolean => attempt.statusCode !== undefined && attempt.statusCode >= 200 && attempt.statusCode < 300;

/** Refusals, redirects and client errors other than 408/429 will not get better by retrying. */
export const isRetryable = (attempt: Attempt): boolean =>
  !attempt.refused && (attempt.statusCode === undefined || attempt.statusCode >= 500 || attempt.statusCode === 408 || attempt.statusCode === 429);

const answered = (statusCode: number): string =>
  statusCode >= 300 && statusCode < 400 ? `receiver answered HTTP ${statusCode}; redirects are not followed` : `receiver answered HTTP ${statusCode}`;

export interface DeliveryTarget {
  deliveryId: string;
  incidentId: string;
  kind: DeliveryKind;
  subjectId: string;
  /** Where it went: the webhook URL (pages) or `subscription:<id>` (status updates). */
  target: string;
}

/** What a failed attempt says went wrong, worded as NotificationFailed words its last one. */
export const failureOf = (attempt: Attempt): string =>
  attempt.statusCode !== undefined ? answered(attempt.statusCode) : (attempt.error ?? 'unknown error');

/** Round 1 keeps the ids it always had; a later round's ids include its number, so they never collide. */
const inRound = (purpose: string, round: number): string => (round > 1 ? `${purpose}:r${round}` : purpose);

/** The recorded outcome of a delivery after its attempts (the last decides it). */
export function deliveryOutcome(delivery: DeliveryTarget, attempts: readonly Attempt[], metadata: EventMetadata, round = 1): DeliveryEvent {
  if (attempts.length === 0) throw new Error('a delivery outcome needs at least one attempt');
  return outcomeOf(delivery, attempts.length, attempts[attempts.length - 1], metadata, round);
}

/** The outcome after `count` attempts, the last of which was `last`. */
function outcomeOf(delivery: DeliveryTarget, count: number, last: Attempt, metadata: EventMetadata, round: number): DeliveryEvent {
  const id = deterministicId(delivery.deliveryId, inRound('comms.delivery-outcome', round));
  const base = { deliveryId: delivery.deliveryId, incidentId: delivery.incidentId, kind: delivery.kind, subjectId: delivery.subjectId, target: delivery.target };
  if (isSuccess(last)) {
    return NotificationDeliveredV3.create(id, { ...base, attempts: count, statusCode: last.statusCode!, latencyMs: latencyOf(last) }, metadata);
  }
  const error = failureOf(last);
  return NotificationFailedV2.create(
    id,
    { ...base, attempts: count, error, ...(last.statusCode !== undefined ? { statusCode: last.statusCode } : {}) },
    metadata,
  );
}

const latencyOf = (attempt: Attempt): number | null => (attempt.latencyMs === undefined ? null : Math.max(0, Math.round(attempt.latencyMs)));

/** The attempt the dispatcher made succeeded: NotificationDelivered, unless the stream says the attempt is stale. */
export interface RecordDelivered extends DeliveryTarget {
  type: 'RecordDelivered';
  round: number;
  attempt: number;
  result: Attempt;
  context: CommandContext;
}

/**
 * One attempt failed. With `nextAttemptAt` (the dispatcher's draw from the kind's schedule; null after the
 * last attempt) and a failure retrying can mend: `DeliveryAttemptFailed` and the timer of the next attempt,
 * in one append. Otherwise: `DeliveryAttemptFailed` and `NotificationFailed`, in one append.
 */
export interface RecordAttemptFailure extends DeliveryTarget {
  type: 'RecordAttemptFailure';
  round: number;
  attempt: number;
  failure: Attempt;
  nextAttemptAt: string | null;
  context: CommandContext;
}

/** A retry timer is due: `TimerFired`, and the dispatcher (following the stream) makes the next attempt. */
export interface FireRetryTimer {
  type: 'FireRetryTimer';
  deliveryId: string;
  /** The delivery's incident, from the timer's metadata. */
  incidentId?: string;
  timerId: string;
  dueAt: string;
  context: CommandContext;
}

/** Someone asks for a failed delivery (a dead letter) to be tried again: a new round. */
export interface RequestRetry {
  type: 'RequestRetry';
  deliveryId: string;
  context: CommandContext;
}

export type DeliveryCommand = RecordDelivered | RecordAttemptFailure | FireRetryTimer | RequestRetry;

/** An outcome as folded: loaded from the store it also says when it was recorded. */
export type DeliveryOutcomeEvent = DeliveryEvent & Partial<Pick<RecordedEvent, 'recordedAt'>>;
export type DeliveryStreamEvent = DeliveryOutcomeEvent | DeliveryAttemptFailedEvent | DeliveryRetryRequestedEvent | TimerEvent;

export interface DeliveryState {
  /** The current round: 1, then one more per DeliveryRetryRequested. */
  round: number;
  /** The outcome of the current round, once recorded. */
  outcome?: DeliveryOutcomeEvent;
  /** The attempt numbers of the current round recorded as failed. */
  failedAttempts: readonly number[];
  /** The pending retry timer, at most one. */
  timers: PendingTimers;
}

export const attemptFailedEventId = (deliveryId: string, attempt: number, round = 1): string =>
  deterministicId(deliveryId, inRound(`comms.delivery-attempt-failed:${attempt}`, round));
export const retryTimerIdOf = (deliveryId: string, attempt: number, round = 1): string => deterministicId(deliveryId, inRound(`comms.delivery-retry:${attempt}`, round));
export const RETRY_TIMER_PURPOSE = 'delivery-retry';

/** The attempt the stream expects next, or undefined while a retry timer is pending or the round has its outcome. */
export function nextAttemptOf(state: DeliveryState): number | undefined {
  if (state.outcome || Object.keys(state.timers).length > 0) return undefined;
  return (state.failedAttempts.length === 0 ? 0 : Math.max(...state.failedAttempts)) + 1;
}

/** An attempt made for this round and number, and not already recorded (a restart's repeat, a second dispatcher). */
const isCurrent = (state: DeliveryState, round: number, attempt: number): boolean => state.round === round && nextAttemptOf(state) === attempt;

function decideAttemptFailure(command: RecordAttemptFailure, state: DeliveryState): DeliveryStreamEvent[] {
  if (!isCurrent(state, command.round, command.attempt)) return [];
  const { deliveryId, incidentId, kind, subjectId, target, round, attempt, failure, context } = command;
  const metadata = metadataOf(context, incidentId);
  const nextAttemptAt = isRetryable(failure) ? command.nextAttemptAt : null;
  const failed = DeliveryAttemptFailedV3.create(
    attemptFailedEventId(deliveryId, attempt, round),
    {
      deliveryId,
      kind,
      incidentId,
      ...(kind === 'page' ? { pageId: subjectId } : {}),
      attempt,
      error: failureOf(failure),
      ...(failure.statusCode !== undefined ? { statusCode: failure.statusCode } : {}),
      latencyMs: latencyOf(failure),
      nextAttemptAt,
      round,
      at: context.occurredAt,
    },
    metadata,
  );
  if (nextAttemptAt !== null) {
    return [failed, scheduleTimer({ timerId: retryTimerIdOf(deliveryId, attempt, round), dueAt: nextAttemptAt, purpose: RETRY_TIMER_PURPOSE, details: { attempt: attempt + 1, round } }, metadata)];
  }
  return [failed, outcomeOf({ deliveryId, incidentId, kind, subjectId, target }, attempt, failure, metadata, round)];
}

function decideRetry(command: RequestRetry, state: DeliveryState): DeliveryRetryRequestedEvent[] {
  const outcome = state.outcome;
  if (!outcome || outcome.type !== NotificationFailedV2.type) {
    throw new DomainError('not_failed', outcome ? 'the delivery was delivered: there is nothing to retry' : 'the delivery has not failed (yet): it is pending or retrying');
  }
  const { deliveryId, incidentId, kind, subjectId, error } = (outcome as NotificationFailedEvent).data;
  const round = state.round + 1;
  return [
    DeliveryRetryRequestedV2.create(
      deterministicId(deliveryId, `comms.delivery-retry-requested:r${round}`),
      { deliveryId, incidentId, kind, subjectId, round, previousError: error },
      metadataOf(command.context, incidentId),
    ),
  ];
}

export const deliveryDecider: Decider<DeliveryCommand, DeliveryState, DeliveryStreamEvent> = {
  initialState: { round: 1, failedAttempts: [], timers: noPendingTimers },
  evolve(state, event) {
    const timers = evolveTimers(state.timers, event);
    if (event.type === DeliveryAttemptFailedV3.type) {
      const { attempt, round } = (event as DeliveryAttemptFailedEvent).data;
      return (round ?? 1) === state.round ? { ...state, timers, failedAttempts: [...state.failedAttempts, attempt] } : { ...state, timers };
    }
    if (event.type === DeliveryRetryRequestedV2.type) {
      return { round: (event as DeliveryRetryRequestedEvent).data.round, failedAttempts: [], timers };
    }
    if (state.outcome || !alreadyDelivered([event])) return { ...state, timers };
    return { ...state, timers, outcome: event as DeliveryOutcomeEvent };
  },
  decide(command, state) {
    switch (command.type) {
      case 'RecordAttemptFailure':
        return decideAttemptFailure(command, state);
      case 'RecordDelivered': {
        if (!isCurrent(state, command.round, command.attempt)) return [];
        const { deliveryId, incidentId, kind, subjectId, target, attempt, round, result } = command;
        return [outcomeOf({ deliveryId, incidentId, kind, subjectId, target }, attempt, result, metadataOf(command.context, incidentId), round)];
      }
      case 'FireRetryTimer':
        // Fired once: only while pending (another replica, or a pass repeated after a crash, finds it fired).
        return isPending(state.timers, command.timerId) ? [timerFired(command, metadataOf(command.context, command.incidentId))] : [];
      case 'RequestRetry':
        return decideRetry(command, state);
      default:
        return assertNever(command);
    }
  },
};
