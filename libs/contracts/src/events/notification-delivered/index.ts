import { Type } from '@sinclair/typebox';
import { Uuid } from '../../common';
import { defineEvent, EventOf } from '../../define-event';

/** A signed webhook was accepted by its receiver; stream `delivery-<id>`. Published by comms. */
export const NotificationDeliveredV1 = defineEvent(
  'NotificationDelivered',
  1,
  Type.Object({
    deliveryId: Uuid,
    incidentId: Uuid,
    kind: Type.Union([Type.Literal('page'), Type.Literal('status-update')]),
    /** The page or update delivered. */
    subjectId: Uuid,
    target: Type.String(),
    attempts: Type.Integer({ minimum: 1 }),
    statusCode: Type.Integer(),
  }),
);

/** v2 (issue 15): how long the successful attempt took. Upcast from v1: `latencyMs` null (not recorded then). */
export const NotificationDeliveredV2 = defineEvent(
  'NotificationDelivered',
  2,
  Type.Object({
    deliveryId: Uuid,
    incidentId: Uuid,
    kind: Type.Union([Type.Literal('page'), Type.Literal('status-update')]),
    subjectId: Uuid,
    target: Type.String(),
    /** The number of the attempt that succeeded (within its round). */
    attempts: Type.Integer({ minimum: 1 }),
    statusCode: Type.Integer(),
    /** How long the successful attempt took, in milliseconds; null when not recorded (v1). */
    latencyMs: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()]),
  }),
);

/**
 * v3 (issue 16): `kind` may be `action-item-reminder`: comms delivers review's overdue action item reminders as a kind of
 * their own (they were sent as `status-update`). The shape is otherwise the v2's; a v2 is raised unchanged.
 */
export const NotificationDeliveredV3 = defineEvent(
  'NotificationDelivered',
  3,
  Type.Object({
    deliveryId: Uuid,
    incidentId: Uuid,
    kind: Type.Union([Type.Literal('page'), Type.Literal('status-update'), Type.Literal('action-item-reminder')]),
    subjectId: Uuid,
    target: Type.String(),
    /** The number of the attempt that succeeded (within its round). */
    attempts: Type.Integer({ minimum: 1 }),
    statusCode: Type.Integer(),
    /** How long the successful attempt took, in milliseconds; null when not recorded (v1). */
    latencyMs: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()]),
  }),
);

export const NotificationDelivered = NotificationDeliveredV3;
export type NotificationDeliveredEvent = EventOf<typeof NotificationDeliveredV3>;
