import { Type } from '@sinclair/typebox';
import { IsoTime, Uuid } from '../../common';
import { defineEvent, EventOf } from '../../define-event';

/** The same fingerprint fired again while its alert was firing: counted, no new incident. Published by detection. */
export const AlertDeduplicatedV1 = defineEvent(
  'AlertDeduplicated',
  1,
  Type.Object({
    alertId: Uuid,
    fingerprint: Type.String(),
    incidentId: Uuid,
    occurrences: Type.Integer({ minimum: 2 }),
    receivedSummary: Type.String(),
  }),
);

/** Repeats whose raw payload a batch keeps: the first few of each firing (detection's README says how many). */
export const AlertRepeatSample = Type.Object({
  signalId: Uuid,
  /** The sender's object for this repeat, as JSON text cut at 16 KiB. */
  raw: Type.String(),
  rawTruncated: Type.Boolean(),
});

/**
 * v2: one event per batch of repeats decided together (issue 17), not one per repeat, and no
 * SignalReceived beside it: `count` repeats, the last of them making `occurrences`, received between
 * `firstSeenAt` and `lastSeenAt`, each answered with one of `signalIds` (so each can still be
 * explained), and the raw payloads of the first few repeats of a firing (`samples`).
 *
 * A v1 event (one repeat, whose own SignalReceived holds its signal id and raw) is raised with
 * `count` 1, no `signalIds` and no times: its time is its metadata's `occurredAt`.
 */
export const AlertDeduplicatedV2 = defineEvent(
  'AlertDeduplicated',
  2,
  Type.Object({
    ...AlertDeduplicatedV1.schema.properties,
    count: Type.Integer({ minimum: 1 }),
    firstSeenAt: Type.Optional(IsoTime),
    lastSeenAt: Type.Optional(IsoTime),
    signalIds: Type.Array(Uuid),
    samples: Type.Optional(Type.Array(AlertRepeatSample)),
  }),
);

export const AlertDeduplicated = AlertDeduplicatedV2;
export type AlertDeduplicatedEvent = EventOf<typeof AlertDeduplicatedV2>;
