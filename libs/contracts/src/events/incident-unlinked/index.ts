import { Type } from '@sinclair/typebox';
import { Uuid } from '../../common';
import { defineEvent, EventOf } from '../../define-event';
import { IncidentLinkKind } from '../incident-linked';

/** A link made on this incident was removed (stream `response-<incidentId>`). Published by coordination. */
export const IncidentUnlinkedV1 = defineEvent(
  'IncidentUnlinked',
  1,
  Type.Object({
    incidentId: Uuid,
    to: Uuid,
    /** The kind the link had. */
    kind: IncidentLinkKind,
    by: Type.String(),
  }),
);

export const IncidentUnlinked = IncidentUnlinkedV1;
export type IncidentUnlinkedEvent = EventOf<typeof IncidentUnlinkedV1>;
