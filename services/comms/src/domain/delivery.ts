import { CommandContext, Decider, EventMetadata, RecordedEvent, assertNever, deterministicId, metadataOf } from '@linchpin/eventsourcing';
import {
  DeliveryAttemptFailedEvent,
  DeliveryAttemptFailedV1,
  NotificationDeliveredEvent,
  NotificationDeliveredV1,
  NotificationFailedEvent,
  NotificationFailedV1,
} from '@linchpin/contracts';

export type DeliveryKind = 'page' | 'status-update';
export type DeliveryEvent = NotificationDeliveredEvent | NotificationFailedEvent;

/** One delivery per (cause event, target): a redelivered bus message maps to the same id. */
export const deliveryIdOf = (causeEventId: string, target: string): string => deterministicId(causeEventId, `comms.delivery:${target}`);

/** A delivery already has an outcome in its stream: deliver nothing again. */
export const alreadyDelivered = (history: readonly { type: string }[]): boolean =>
  history.some((e) => e.type === NotificationDeliveredV1.type || e.type === NotificationFailedV1.type);

export interface Attempt {
  /** HTTP status when the receiver answered; absent when the request itself failed. */
  statusCode?: number;
  error?: string;
  /** The outbound guard refused the target: final, it will not get better by retrying. */
  refused?: boolean;
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

/** The recorded outcome of a delivery after its attempts. */
export function deliveryOutcome(delivery: DeliveryTarget, attempts: readonly Attempt[], metadata: EventMetadata): DeliveryEvent {
  if (attempts.length === 0) throw new Error('a delivery outcome needs at least one attempt');
  const id = deterministicId(delivery.deliveryId, 'comms.delivery-outcome');
  const last = attempts[attempts.length - 1];
  const base = { deliveryId: delivery.deliveryId, incidentId: delivery.incidentId, kind: delivery.kind, subjectId: delivery.subjectId, target: delivery.target };
  if (isSuccess(last)) {
    return NotificationDeliveredV1.create(id, { ...base, attempts: attempts.length, statusCode: last.statusCode! }, metadata);
  }
  const error = failureOf(last);
  return NotificationFailedV1.create(
    id,
    { ...base, attempts: attempts.length, error, ...(last.statusCode !== undefined ? { statusCode: last.statusCode } : {}) },
    metadata,
  );
}

/** Record how a delivery went, unless its stream already holds an outcome (another dispatcher's stands). */
export interface RecordDeliveryOutcome extends DeliveryTarget {
  type: 'RecordDeliveryOutcome';
  attempts: readonly Attempt[];
  context: CommandContext;
}

/**
 * Record one failed attempt as it happens, before any retry (`attempt` counts from 1 within one
 * run of the delivery): whoever acts on a failing page need not wait for the retries. Its id comes
 * from the delivery and the attempt number, so a restart that sends the delivery again from
 * attempt 1 records nothing for an attempt already recorded.
 */
export interface RecordAttemptFailure extends Omit<DeliveryTarget, 'target'> {
  type: 'RecordAttemptFailure';
  attempt: number;
  failure: Attempt;
  context: CommandContext;
}

export type DeliveryCommand = RecordDeliveryOutcome | RecordAttemptFailure;

/** An outcome as folded: loaded from the store it also says when it was recorded. */
export type DeliveryOutcomeEvent = DeliveryEvent & Partial<Pick<RecordedEvent, 'recordedAt'>>;
export type DeliveryStreamEvent = DeliveryOutcomeEvent | DeliveryAttemptFailedEvent;

export interface DeliveryState {
  /** The first (and only) outcome of the delivery, once recorded. */
  outcome?: DeliveryOutcomeEvent;
  /** The attempt numbers recorded as failed. */
  failedAttempts?: readonly number[];
}

export const attemptFailedEventId = (deliveryId: string, attempt: number): string => deterministicId(deliveryId, `comms.delivery-attempt-failed:${attempt}`);

function decideAttemptFailure(command: RecordAttemptFailure, state: DeliveryState): DeliveryAttemptFailedEvent[] {
  // After the outcome an attempt changes nothing; a repeated attempt number is a restart's repeat.
  if (state.outcome || state.failedAttempts?.includes(command.attempt)) return [];
  const { deliveryId, incidentId, kind, subjectId, attempt, failure, context } = command;
  return [
    DeliveryAttemptFailedV1.create(
      attemptFailedEventId(deliveryId, attempt),
      {
        deliveryId,
        kind,
        incidentId,
        ...(kind === 'page' ? { pageId: subjectId } : {}),
        attempt,
        error: failureOf(failure),
        ...(failure.statusCode !== undefined ? { statusCode: failure.statusCode } : {}),
        at: context.occurredAt,
      },
      metadataOf(context, incidentId),
    ),
  ];
}

export const deliveryDecider: Decider<DeliveryCommand, DeliveryState, DeliveryStreamEvent> = {
  initialState: {},
  evolve(state, event) {
    if (event.type === DeliveryAttemptFailedV1.type) {
      return { ...state, failedAttempts: [...(state.failedAttempts ?? []), (event as DeliveryAttemptFailedEvent).data.attempt] };
    }
    return state.outcome || !alreadyDelivered([event]) ? state : { ...state, outcome: event as DeliveryOutcomeEvent };
  },
  decide(command, state) {
    switch (command.type) {
      case 'RecordAttemptFailure':
        return decideAttemptFailure(command, state);
      case 'RecordDeliveryOutcome': {
        if (state.outcome) return [];
        const { deliveryId, incidentId, kind, subjectId, target } = command;
        return [deliveryOutcome({ deliveryId, incidentId, kind, subjectId, target }, command.attempts, metadataOf(command.context, incidentId))];
      }
      default:
        return assertNever(command);
    }
  },
};
