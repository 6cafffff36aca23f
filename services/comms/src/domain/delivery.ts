import { CommandContext, Decider, EventMetadata, RecordedEvent, deterministicId, metadataOf } from '@linchpin/eventsourcing';
import { NotificationDeliveredEvent, NotificationDeliveredV1, NotificationFailedEvent, NotificationFailedV1 } from '@linchpin/contracts';

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

/** The recorded outcome of a delivery after its attempts. */
export function deliveryOutcome(delivery: DeliveryTarget, attempts: readonly Attempt[], metadata: EventMetadata): DeliveryEvent {
  if (attempts.length === 0) throw new Error('a delivery outcome needs at least one attempt');
  const id = deterministicId(delivery.deliveryId, 'comms.delivery-outcome');
  const last = attempts[attempts.length - 1];
  const base = { deliveryId: delivery.deliveryId, incidentId: delivery.incidentId, kind: delivery.kind, subjectId: delivery.subjectId, target: delivery.target };
  if (isSuccess(last)) {
    return NotificationDeliveredV1.create(id, { ...base, attempts: attempts.length, statusCode: last.statusCode! }, metadata);
  }
  const error = last.statusCode !== undefined ? answered(last.statusCode) : (last.error ?? 'unknown error');
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

/** An outcome as folded: loaded from the store it also says when it was recorded. */
export type DeliveryOutcomeEvent = DeliveryEvent & Partial<Pick<RecordedEvent, 'recordedAt'>>;

export interface DeliveryState {
  /** The first (and only) outcome of the delivery, once recorded. */
  outcome?: DeliveryOutcomeEvent;
}

export const deliveryDecider: Decider<RecordDeliveryOutcome, DeliveryState, DeliveryOutcomeEvent> = {
  initialState: {},
  evolve: (state, event) => (state.outcome || !alreadyDelivered([event]) ? state : { outcome: event }),
  decide(command, state) {
    if (state.outcome) return [];
    const { deliveryId, incidentId, kind, subjectId, target } = command;
    return [deliveryOutcome({ deliveryId, incidentId, kind, subjectId, target }, command.attempts, metadataOf(command.context, incidentId))];
  },
};
