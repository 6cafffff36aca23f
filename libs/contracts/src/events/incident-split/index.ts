import { Type } from '@sinclair/typebox';
import { Uuid } from '../../common';
import { defineEvent, EventOf } from '../../define-event';

/**
 * The survivor's side of an unmerge: `split` no longer counts as part of this incident. Stream
 * `response-<incidentId>` (the survivor), id derived from the `IncidentUnmerged`. Published by coordination.
 */
export const IncidentSplitV1 = defineEvent(
  'IncidentSplit',
  1,
  Type.Object({
    incidentId: Uuid,
    split: Uuid,
    by: Type.String(),
  }),
);

export const IncidentSplit = IncidentSplitV1;
export type IncidentSplitEvent = EventOf<typeof IncidentSplitV1>;
