import { Type } from '@sinclair/typebox';
import { IsoTime, Labels, Severity, Uuid } from '../../common';
import { defineEvent, EventOf } from '../../define-event';

/** A signal started firing; stream `alert-<fingerprint>`. Opens or joins an incident. Published by detection. */
export const AlertFiredV1 = defineEvent(
  'AlertFired',
  1,
  Type.Object({
    alertId: Uuid,
    fingerprint: Type.String({ minLength: 1 }),
    source: Type.String(),
    summary: Type.String(),
    severity: Severity,
    labels: Labels,
    dedupKey: Type.Optional(Type.String()),
    /** When the signal started at its source (sender's startsAt/timestamp). */
    startsAt: IsoTime,
    incidentId: Uuid,
  }),
);

export const AlertFired = AlertFiredV1;
export type AlertFiredEvent = EventOf<typeof AlertFiredV1>;
