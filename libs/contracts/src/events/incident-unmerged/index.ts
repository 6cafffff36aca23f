import { Type } from '@sinclair/typebox';
import { Uuid } from '../../common';
import { defineEvent, EventOf } from '../../define-event';

/**
 * A merge undone: the incident stands on its own again, in the status it had (its escalation is not
 * restarted). Stream `response-<incidentId>` (the formerly merged one). Published by coordination;
 * detection moves its alerts back.
 */
export const IncidentUnmergedV1 = defineEvent(
  'IncidentUnmerged',
  1,
  Type.Object({
    incidentId: Uuid,
    /** The survivor it had been merged into. */
    from: Uuid,
    by: Type.String(),
    reason: Type.Optional(Type.String()),
  }),
);

export const IncidentUnmerged = IncidentUnmergedV1;
export type IncidentUnmergedEvent = EventOf<typeof IncidentUnmergedV1>;
