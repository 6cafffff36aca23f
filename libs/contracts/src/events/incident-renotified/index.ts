import { Type } from '@sinclair/typebox';
import { Uuid } from '../../common';
import { defineEvent, EventOf } from '../../define-event';
import { NotifiedPerson, NotifiedPersonV1, SlaBreachRef } from '../escalation-level-reached';

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
    notified: Type.Array(NotifiedPersonV1, { minItems: 1 }),
    /** The page whose delivery failed (cause `delivery-failed`). */
    failedPageId: Type.Optional(Uuid),
    reason: Type.String(),
  }),
);

/**
 * v2: a person's notification rules also re-notify (cause `notification-rule`): a page left
 * unacknowledged for a later rule's minutes notifies the person through that rule's contact method.
 * `rule` names the page the minutes count from and the rule. Every v1 event is a valid v2 event.
 */
export const IncidentRenotifiedV2 = defineEvent(
  'IncidentRenotified',
  2,
  Type.Object({
    incidentId: Uuid,
    cause: Type.Union([Type.Literal('acknowledgement-timeout'), Type.Literal('delivery-failed'), Type.Literal('notification-rule')]),
    notified: Type.Array(NotifiedPersonV1, { minItems: 1 }),
    /** The page whose delivery failed (cause `delivery-failed`). */
    failedPageId: Type.Optional(Uuid),
    /** Cause `notification-rule`: the page left unacknowledged, and the rule (its place in the person's order, from 0, and its minutes). */
    rule: Type.Optional(Type.Object({ pageId: Uuid, index: Type.Integer({ minimum: 0 }), afterMinutes: Type.Integer({ minimum: 0 }) })),
    reason: Type.String(),
  }),
);

/**
 * v3 (issue 13): an SLA breach re-notifies the responders of an acknowledged incident (cause
 * `sla-breached`); `sla` names the breach (the `SlaBreached` event's id, its target and priority).
 * Every v2 event is a valid v3 event.
 */
export const IncidentRenotifiedV3 = defineEvent(
  'IncidentRenotified',
  3,
  Type.Object({
    incidentId: Uuid,
    cause: Type.Union([Type.Literal('acknowledgement-timeout'), Type.Literal('delivery-failed'), Type.Literal('notification-rule'), Type.Literal('sla-breached')]),
    notified: Type.Array(NotifiedPersonV1, { minItems: 1 }),
    /** The page whose delivery failed (cause `delivery-failed`). */
    failedPageId: Type.Optional(Uuid),
    /** Cause `notification-rule`: the page left unacknowledged, and the rule (its place in the person's order, from 0, and its minutes). */
    rule: Type.Optional(Type.Object({ pageId: Uuid, index: Type.Integer({ minimum: 0 }), afterMinutes: Type.Integer({ minimum: 0 }) })),
    /** Cause `sla-breached`: the breach (`SlaBreached`'s id) and which target of which priority. */
    sla: Type.Optional(SlaBreachRef),
    reason: Type.String(),
  }),
);

/** v4 (issue 15): a person may be re-notified on a `teams` contact method. Every v3 event is a valid v4 event. */
export const IncidentRenotifiedV4 = defineEvent(
  'IncidentRenotified',
  4,
  Type.Object({ ...IncidentRenotifiedV3.schema.properties, notified: Type.Array(NotifiedPerson, { minItems: 1 }) }),
);

export const IncidentRenotified = IncidentRenotifiedV4;
export type IncidentRenotifiedEvent = EventOf<typeof IncidentRenotifiedV4>;
