import { Type } from '@sinclair/typebox';
import { IsoTime, Severity, Uuid } from '../../common';
import { defineEvent, EventOf } from '../../define-event';
import { Grouping } from '../alert-fired';

/**
 * One signal as it arrived and what detection did with it; stream `alert-<fingerprint>`. Every
 * signal is recorded, including those that opened nothing (repeats, suppressed, flapping), so
 * `GET /detection/alerts/{id}/explain` can say why, and the raw payload (bounded) can be replayed
 * through a fixed or extended parser. Published by detection.
 */
export const SignalReceivedV1 = defineEvent(
  'SignalReceived',
  1,
  Type.Object({
    signalId: Uuid,
    fingerprint: Type.String({ minLength: 1 }),
    alertId: Type.Optional(Uuid),
    incidentId: Type.Optional(Uuid),
    integrationId: Type.Optional(Uuid),
    sender: Type.String(),
    status: Type.Union([Type.Literal('firing'), Type.Literal('resolved'), Type.Literal('acknowledged')]),
    outcome: Type.Union([
      Type.Literal('opened'),
      Type.Literal('grouped'),
      Type.Literal('deduplicated'),
      Type.Literal('resolved'),
      Type.Literal('acknowledged'),
      Type.Literal('suppressed'),
      Type.Literal('flapping'),
      Type.Literal('ignored'),
    ]),
    /** A sentence saying why, e.g. "deduplicated into alert X by fingerprint F (sender key)". */
    reason: Type.String(),
    /** How the fingerprint was made: the sender's key, the integration's fields, or the generic rule. */
    fingerprintFrom: Type.Union([Type.Literal('sender-key'), Type.Literal('fields'), Type.Literal('generic')]),
    fingerprintFields: Type.Optional(Type.Array(Type.String())),
    summary: Type.String(),
    severity: Severity,
    /** The sender's time for the signal, apart from when Linchpin recorded it. */
    startsAt: Type.Optional(IsoTime),
    endsAt: Type.Optional(IsoTime),
    grouping: Type.Optional(Grouping),
    maintenanceWindowId: Type.Optional(Uuid),
    /** The sender's object for this signal as JSON text, cut at the bound (see `truncated`). */
    raw: Type.String(),
    rawTruncated: Type.Boolean(),
  }),
);

export const SignalReceived = SignalReceivedV1;
export type SignalReceivedEvent = EventOf<typeof SignalReceivedV1>;
