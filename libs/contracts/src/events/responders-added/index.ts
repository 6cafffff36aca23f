import { Type } from '@sinclair/typebox';
import { Uuid } from '../../common';
import { defineEvent, EventOf } from '../../define-event';

/** People added to the response by hand, each paged (a `ResponderPaged` v2 per person follows in the same append). Published by coordination. */
export const RespondersAddedV1 = defineEvent(
  'RespondersAdded',
  1,
  Type.Object({
    incidentId: Uuid,
    by: Type.String(),
    responders: Type.Array(Type.Object({ personId: Uuid, name: Type.String(), pageId: Uuid })),
  }),
);

export const RespondersAdded = RespondersAddedV1;
export type RespondersAddedEvent = EventOf<typeof RespondersAddedV1>;
