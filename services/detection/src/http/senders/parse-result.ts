import type { NormalizedSignal } from '../../domain/signal';

/**
 * Why a payload was refused: the failing field as a JSON path (`alerts[2].labels.team`) and the
 * reason. Controllers turn these into the sender's own error format (problem+json for most,
 * PagerDuty's `errors` list for `/v2/enqueue`).
 */
export interface SenderError {
  field: string;
  reason: string;
}

/** A whole payload is accepted or refused: one bad entry refuses it all, so nothing half-stored. */
export type ParseResult = { ok: true; signals: NormalizedSignal[] } | { ok: false; errors: SenderError[] };

export const parsed = (signals: NormalizedSignal[]): ParseResult => ({ ok: true, signals });
export const refused = (errors: SenderError[]): ParseResult => ({ ok: false, errors });

/** Same bound as the generic alert endpoint's `summary`. */
export const MAX_SUMMARY_LENGTH = 1024;
