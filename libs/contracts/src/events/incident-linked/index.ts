import { Type } from '@sinclair/typebox';
import { Uuid } from '../../common';
import { defineEvent, EventOf } from '../../define-event';

export const IncidentLinkKind = Type.Union([Type.Literal('caused-by'), Type.Literal('related-to')]);

/**
 * A link from this incident to another: it was `caused-by` it, or is `related-to` it. Recorded on
 * the incident where it was made only (stream `response-<incidentId>`). Published by coordination.
 */
export const IncidentLinkedV1 = defineEvent(
  'IncidentLinked',
  1,
  Type.Object({
    incidentId: Uuid,
    to: Uuid,
    kind: IncidentLinkKind,
    by: Type.String(),
  }),
);

export const IncidentLinked = IncidentLinkedV1;
export type IncidentLinkedEvent = EventOf<typeof IncidentLinkedV1>;
