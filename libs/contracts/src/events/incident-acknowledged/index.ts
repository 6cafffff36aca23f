import { Type } from '@sinclair/typebox';
import { Uuid } from '../../common';
import { defineEvent, EventOf } from '../../define-event';

/** A responder took ownership; paging stops. Published by coordination. */
export const IncidentAcknowledgedV1 = defineEvent(
  'IncidentAcknowledged',
  1,
  Type.Object({
    incidentId: Uuid,
    by: Type.String(),
  }),
);

export const IncidentAcknowledged = IncidentAcknowledgedV1;
export type IncidentAcknowledgedEvent = EventOf<typeof IncidentAcknowledgedV1>;
