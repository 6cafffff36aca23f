import { Type } from '@sinclair/typebox';
import { IsoTime, Labels, Severity, Uuid } from '../../common';
import { defineEvent, EventOf } from '../../define-event';

/** A new incident was opened by its first alert; stream `detection-<incidentId>`. Published by detection. */
export const IncidentDetectedV1 = defineEvent(
  'IncidentDetected',
  1,
  Type.Object({
    incidentId: Uuid,
    title: Type.String(),
    severity: Severity,
    source: Type.String(),
    service: Type.Optional(Type.String()),
    labels: Labels,
    alertId: Uuid,
    fingerprint: Type.String(),
    /** First signal at its source; metrics use this, ordering uses the recorded time. */
    firstSignalAt: IsoTime,
  }),
);

export const IncidentDetected = IncidentDetectedV1;
export type IncidentDetectedEvent = EventOf<typeof IncidentDetectedV1>;
