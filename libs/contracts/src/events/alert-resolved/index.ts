import { Type } from '@sinclair/typebox';
import { IsoTime, Uuid } from '../../common';
import { defineEvent, EventOf } from '../../define-event';

/** The signal stopped firing at its source. Published by detection. */
export const AlertResolvedV1 = defineEvent(
  'AlertResolved',
  1,
  Type.Object({
    alertId: Uuid,
    fingerprint: Type.String(),
    incidentId: Uuid,
    endsAt: IsoTime,
  }),
);

export const AlertResolved = AlertResolvedV1;
export type AlertResolvedEvent = EventOf<typeof AlertResolvedV1>;
