import { Type } from '@sinclair/typebox';
import { Priority, Uuid } from '../../common';
import { defineEvent, EventOf } from '../../define-event';

/** An on-call responder was paged for an incident; stream `response-<incidentId>`. Published by coordination. */
export const ResponderPagedV1 = defineEvent(
  'ResponderPaged',
  1,
  Type.Object({
    incidentId: Uuid,
    pageId: Uuid,
    teamId: Uuid,
    team: Type.String(),
    responder: Type.Object({ name: Type.String(), webhookUrl: Type.String() }),
    priority: Priority,
    title: Type.String(),
    escalationLevel: Type.Integer({ minimum: 1 }),
    /** Provenance: which schedule/order picked this responder. */
    reason: Type.String(),
  }),
);

export const ResponderPaged = ResponderPagedV1;
export type ResponderPagedEvent = EventOf<typeof ResponderPagedV1>;
