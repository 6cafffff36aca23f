import { Type } from '@sinclair/typebox';
import { Uuid } from '../../common';
import { defineEvent, EventOf } from '../../define-event';

/**
 * The incident was merged into another (`into`, the survivor): its escalation stopped, it takes no
 * command but an unmerge, its history stays readable and its id points at the survivor. Stream
 * `response-<incidentId>` (the merged one). Published by coordination; detection moves its alerts.
 */
export const IncidentMergedV1 = defineEvent(
  'IncidentMerged',
  1,
  Type.Object({
    incidentId: Uuid,
    into: Uuid,
    by: Type.String(),
    reason: Type.Optional(Type.String()),
  }),
);

export const IncidentMerged = IncidentMergedV1;
export type IncidentMergedEvent = EventOf<typeof IncidentMergedV1>;
