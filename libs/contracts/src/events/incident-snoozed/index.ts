import { Type } from '@sinclair/typebox';
import { IsoTime, Uuid } from '../../common';
import { defineEvent, EventOf } from '../../define-event';

/** An acknowledged incident is quiet until `until` (a durable timer in its response stream). Published by coordination. */
export const IncidentSnoozedV1 = defineEvent(
  'IncidentSnoozed',
  1,
  Type.Object({
    incidentId: Uuid,
    by: Type.String(),
    until: IsoTime,
  }),
);

export const IncidentSnoozed = IncidentSnoozedV1;
export type IncidentSnoozedEvent = EventOf<typeof IncidentSnoozedV1>;
