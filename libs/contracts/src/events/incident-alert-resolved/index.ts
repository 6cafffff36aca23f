import { Type } from '@sinclair/typebox';
import { IsoTime, Uuid } from '../../common';
import { defineEvent, EventOf } from '../../define-event';

/** One of an incident's alerts stopped firing; stream `detection-<incidentId>`. Published by detection. */
export const IncidentAlertResolvedV1 = defineEvent(
  'IncidentAlertResolved',
  1,
  Type.Object({
    incidentId: Uuid,
    alertId: Uuid,
    fingerprint: Type.String({ minLength: 1 }),
    endsAt: IsoTime,
    /** Alerts of the incident still firing after this one. */
    stillFiring: Type.Integer({ minimum: 0 }),
  }),
);

export const IncidentAlertResolved = IncidentAlertResolvedV1;
export type IncidentAlertResolvedEvent = EventOf<typeof IncidentAlertResolvedV1>;
