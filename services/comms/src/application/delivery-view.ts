import { redactSecrets, redactUrl } from '@linchpin/platform';
import { AttemptRecord, DeliveryRecord, DeliveryState } from '../domain/delivery-view';
import { DeliveryKind } from '../domain/delivery';

/** A delivery as the API shows it: the stored URLs and causes with their secrets masked. */
export interface DeliveryView {
  deliveryId: string;
  state: DeliveryState;
  /** `delivered` / `failed` once recorded, else null. */
  outcome: 'delivered' | 'failed' | null;
  incidentId: string;
  kind: DeliveryKind;
  subjectId: string;
  target: string;
  requestedAt: string;
  round: number;
  /** Attempts made so far in this round. */
  attempts: number;
  attemptLog: AttemptRecord[];
  nextAttemptAt: string | null;
  /** The last answer's HTTP status, and the real cause of the last failure. */
  statusCode: number | null;
  error: string | null;
  /** When the outcome was recorded, else null. */
  recordedAt: string | null;
}

export function deliveryViewOf(record: DeliveryRecord): DeliveryView {
  const last = record.attemptLog[record.attemptLog.length - 1];
  const error = record.outcome ? record.outcome.error : (last?.error ?? null);
  return {
    deliveryId: record.deliveryId,
    state: record.state,
    outcome: record.outcome?.type ?? null,
    incidentId: record.incidentId,
    kind: record.kind,
    subjectId: record.subjectId,
    target: redactUrl(record.target),
    requestedAt: record.requestedAt,
    round: record.round,
    attempts: record.outcome?.attempts ?? record.attemptLog.filter((a) => a.round === record.round).length,
    attemptLog: record.attemptLog.map((a) => ({ ...a, error: a.error === null ? null : redactSecrets(a.error) })),
    nextAttemptAt: record.nextAttemptAt,
    statusCode: record.outcome ? record.outcome.statusCode : (last?.statusCode ?? null),
    error: error === null ? null : redactSecrets(error),
    recordedAt: record.outcome?.recordedAt ?? null,
  };
}
