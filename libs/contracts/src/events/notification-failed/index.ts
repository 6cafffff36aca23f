import { Type } from '@sinclair/typebox';
import { Uuid } from '../../common';
import { defineEvent, EventOf } from '../../define-event';

/** A webhook could not be delivered after every attempt. Published by comms. */
export const NotificationFailedV1 = defineEvent(
  'NotificationFailed',
  1,
  Type.Object({
    deliveryId: Uuid,
    incidentId: Uuid,
    kind: Type.Union([Type.Literal('page'), Type.Literal('status-update')]),
    subjectId: Uuid,
    target: Type.String(),
    attempts: Type.Integer({ minimum: 1 }),
    error: Type.String(),
    /** Added (optional, v1 stays compatible): the receiver's last HTTP status, when it answered at all. */
    statusCode: Type.Optional(Type.Integer()),
  }),
);

export const NotificationFailed = NotificationFailedV1;
export type NotificationFailedEvent = EventOf<typeof NotificationFailedV1>;
