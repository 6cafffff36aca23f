import { Type } from '@sinclair/typebox';
import { IsoTime, Uuid } from '../../common';
import { defineEvent, EventOf } from '../../define-event';

/** The impact stopped (the moment, distinct from the monitoring status); recorded once per incident. Published by coordination. */
export const IncidentMitigatedV1 = defineEvent(
  'IncidentMitigated',
  1,
  Type.Object({
    incidentId: Uuid,
    mitigatedAt: IsoTime,
    by: Type.String(),
    note: Type.Optional(Type.String()),
  }),
);

export const IncidentMitigated = IncidentMitigatedV1;
export type IncidentMitigatedEvent = EventOf<typeof IncidentMitigatedV1>;
