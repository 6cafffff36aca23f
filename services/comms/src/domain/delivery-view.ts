import { DeliveryAttemptFailedV3, DeliveryRetryRequestedV2, NotificationDeliveredV3, NotificationFailedV2 } from '@linchpin/contracts';
import { DeliveryKind } from './delivery';
import { DELIVERY_REQUESTED, DELIVERY_AWAITING_CONTACT } from './delivery-request';

/**
 * Where a delivery stands, as a person looking at a page wants to know it:
 * - `awaiting-contact`: the page waits for its person's contact method (coordination's person event);
 * - `pending`: requested, no attempt recorded yet;
 * - `retrying`: at least one attempt failed, more are to come;
 * - `delivered` / `failed`: the outcome (`failed` after the last attempt, with the real cause).
 */
export type DeliveryState = 'awaiting-contact' | 'pending' | 'retrying' | 'delivered' | 'failed';

/** One attempt, failed or not: when, what the receiver answered (if it did), and why it failed. */
export interface AttemptRecord {
  /** 1, then one more per retry a person requested (`POST /comms/deliveries/{id}/retry`). */
  round: number;
  attempt: number;
  at: string;
  statusCode: number | null;
  latencyMs: number | null;
  error: string | null;
}

export interface DeliveryRecord {
  deliveryId: string;
  incidentId: string;
  kind: DeliveryKind;
  /** The page's `pageId`, or the status update's `updateId`. */
  subjectId: string;
  target: string;
  state: DeliveryState;
  /** The current round of attempts: 1, then one more per retry a person requested. */
  round: number;
  requestedAt: string;
  attemptLog: AttemptRecord[];
  /** When the next attempt is due, while retrying (null when not known or not retrying). */
  nextAttemptAt: string | null;
  /** The outcome's event, once recorded. */
  outcome?: { type: 'delivered' | 'failed'; attempts: number; statusCode: number | null; error: string | null; recordedAt: string };
}

interface ViewEvent {
  type: string;
  data: unknown;
  metadata: { occurredAt: string };
  recordedAt?: string;
}

/**
 * Folds the request (`deliveryRequest-`) and outcome (`delivery-`) streams into one record per
 * delivery. Pure: the projection feeds it, tests call it.
 */
export function evolveDeliveryRecords(records: Map<string, DeliveryRecord>, event: ViewEvent): DeliveryRecord | undefined {
  const data = event.data as Record<string, unknown> & { deliveryId: string };
  const at = event.recordedAt ?? event.metadata.occurredAt;
  if (event.type === DELIVERY_REQUESTED || event.type === DELIVERY_AWAITING_CONTACT) {
    const existing = records.get(data.deliveryId);
    const record: DeliveryRecord = {
      deliveryId: data.deliveryId,
      incidentId: data.incidentId as string,
      kind: data.kind as DeliveryKind,
      subjectId: data.subjectId as string,
      target: data.target as string,
      state: event.type === DELIVERY_REQUESTED ? 'pending' : 'awaiting-contact',
      round: existing?.round ?? 1,
      requestedAt: existing?.requestedAt ?? at,
      attemptLog: existing?.attemptLog ?? [],
      nextAttemptAt: null,
      ...(existing?.outcome ? { outcome: existing.outcome } : {}),
    };
    if (existing?.outcome) record.state = existing.outcome.type;
    else if (record.attemptLog.length > 0) record.state = 'retrying';
    records.set(data.deliveryId, record);
    return record;
  }
  const record = records.get(data.deliveryId);
  if (!record) return undefined;
  if (event.type === DeliveryAttemptFailedV3.type) {
    const failed = event.data as { attempt: number; round?: number; at: string; statusCode?: number; error: string; latencyMs?: number | null; nextAttemptAt?: string | null };
    const round = failed.round ?? 1;
    if (record.attemptLog.some((a) => a.round === round && a.attempt === failed.attempt)) return record;
    record.attemptLog.push({ round, attempt: failed.attempt, at: failed.at, statusCode: failed.statusCode ?? null, latencyMs: failed.latencyMs ?? null, error: failed.error });
    record.nextAttemptAt = failed.nextAttemptAt ?? null;
    if (!record.outcome) record.state = 'retrying';
  } else if (event.type === DeliveryRetryRequestedV2.type) {
    record.round = (event.data as { round: number }).round;
    delete record.outcome;
    record.state = 'pending';
    record.nextAttemptAt = null;
  } else if (event.type === NotificationDeliveredV3.type || event.type === NotificationFailedV2.type) {
    const outcome = event.data as { attempts: number; statusCode?: number; error?: string; latencyMs?: number | null };
    const delivered = event.type === NotificationDeliveredV3.type;
    if (delivered) {
      record.attemptLog.push({ round: record.round, attempt: outcome.attempts, at, statusCode: outcome.statusCode ?? null, latencyMs: outcome.latencyMs ?? null, error: null });
    }
    record.outcome = { type: delivered ? 'delivered' : 'failed', attempts: outcome.attempts, statusCode: outcome.statusCode ?? null, error: outcome.error ?? null, recordedAt: at };
    record.state = record.outcome.type;
    record.nextAttemptAt = null;
  }
  return record;
}
