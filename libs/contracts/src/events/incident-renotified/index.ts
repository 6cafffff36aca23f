import { Type } from '@sinclair/typebox';
import { Uuid } from '../../common';
import { defineEvent, EventOf } from '../../define-event';
import { NotifiedPerson } from '../escalation-level-reached';

/**
 * People notified again without a new level: an acknowledged incident left untouched past the
 * policy's acknowledgement timeout, or a page whose delivery failed moved on to the person's next
 * contact method. Published by coordination.
 */
export const IncidentRenotifiedV1 = defineEvent(
  'IncidentRenotified',
  1,
  Type.Object({
    incidentId: Uuid,
    cause: Type.Union([Type.Literal('acknowledgement-timeout'), Type.Literal('delivery-failed')]),
    notified: Type.Array(NotifiedPerson, { minItems: 1 }),
    /** The page whose delivery failed (cause `delivery-failed`). */
    failedPageId: Type.Optional(Uuid),
    reason: Type.String(),
  }),
);

export const IncidentRenotified = IncidentRenotifiedV1;
export type IncidentRenotifiedEvent = EventOf<typeof IncidentRenotifiedV1>;
