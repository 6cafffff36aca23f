import { Type } from '@sinclair/typebox';
import { Uuid } from '../../common';
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

export const AlertDeduplicated = AlertDeduplicatedV1;
export type AlertDeduplicatedEvent = EventOf<typeof AlertDeduplicatedV1>;
