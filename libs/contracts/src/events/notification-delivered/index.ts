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

export const NotificationDelivered = NotificationDeliveredV1;
export type NotificationDeliveredEvent = EventOf<typeof NotificationDeliveredV1>;
