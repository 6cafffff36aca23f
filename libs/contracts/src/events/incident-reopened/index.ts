import { Type } from '@sinclair/typebox';
import { IsoTime, Uuid } from '../../common';
import { defineEvent, EventOf } from '../../define-event';

/**
 * A resolved incident came back within the reopen window. `status` is where it resumes: `triggered`
 * when nobody had acknowledged it (its escalation restarts from level 1), else `acknowledged`.
 * Published by coordination.
 */
export const IncidentReopenedV1 = defineEvent(
  'IncidentReopened',
  1,
  Type.Object({
    incidentId: Uuid,
    by: Type.String(),
    reason: Type.String(),
    status: Type.Union([Type.Literal('triggered'), Type.Literal('acknowledged')]),
    /** When the resolution it undoes was recorded. */
    resolvedAt: IsoTime,
    escalationRestarted: Type.Boolean(),
  }),
);

export const IncidentReopened = IncidentReopenedV1;
export type IncidentReopenedEvent = EventOf<typeof IncidentReopenedV1>;
