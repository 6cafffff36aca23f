import { Type } from '@sinclair/typebox';
import { Uuid } from '../../common';
import { defineEvent, EventOf } from '../../define-event';

/**
 * The survivor's side of a merge: `merged` now counts as part of this incident. Stream
 * `response-<incidentId>` (the survivor), id derived from the merged incident's `IncidentMerged`.
 * Published by coordination.
 */
export const IncidentAbsorbedV1 = defineEvent(
  'IncidentAbsorbed',
  1,
  Type.Object({
    incidentId: Uuid,
    merged: Uuid,
    by: Type.String(),
  }),
);

export const IncidentAbsorbed = IncidentAbsorbedV1;
export type IncidentAbsorbedEvent = EventOf<typeof IncidentAbsorbedV1>;
