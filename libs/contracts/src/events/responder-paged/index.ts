import { Type } from '@sinclair/typebox';
import { Priority, Uuid } from '../../common';
import { defineEvent, EventOf } from '../../define-event';
import { ContactKind, ContactKindV1 } from '../person-registered';

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

/**
 * v2 names the person and the contact method, never the address: comms resolves the address from
 * coordination's person events. `legacyWebhookUrl` is set only by the v1 → v2 upcaster (a v1 page
 * carried the URL), so a page published before v2 is still delivered where it was meant to go;
 * coordination never writes it.
 */
export const ResponderPagedV2 = defineEvent(
  'ResponderPaged',
  2,
  Type.Object({
    incidentId: Uuid,
    pageId: Uuid,
    teamId: Uuid,
    team: Type.String(),
    personId: Uuid,
    /** The person's name. */
    responder: Type.String(),
    contactMethodId: Uuid,
    contactKind: ContactKindV1,
    priority: Priority,
    title: Type.String(),
    escalationLevel: Type.Integer({ minimum: 1 }),
    reason: Type.String(),
    legacyWebhookUrl: Type.Optional(Type.String()),
  }),
);

/** v3 (issue 15): the contact method may be `teams` (a Teams webhook). Every v2 event is a valid v3 event. */
export const ResponderPagedV3 = defineEvent('ResponderPaged', 3, Type.Object({ ...ResponderPagedV2.schema.properties, contactKind: ContactKind }));

export const ResponderPaged = ResponderPagedV3;
export type ResponderPagedEvent = EventOf<typeof ResponderPagedV3>;
