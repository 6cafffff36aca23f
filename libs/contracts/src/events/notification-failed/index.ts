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

/**
 * v2 (issue 16): `kind` may be `action-item-reminder`: comms delivers review's overdue action item reminders as a kind of
 * their own (they were sent as `status-update`). The shape is otherwise the v1's; a v1 is raised unchanged.
 */
export const NotificationFailedV2 = defineEvent(
  'NotificationFailed',
  2,
  Type.Object({
    deliveryId: Uuid,
    incidentId: Uuid,
    kind: Type.Union([Type.Literal('page'), Type.Literal('status-update'), Type.Literal('action-item-reminder')]),
    subjectId: Uuid,
    target: Type.String(),
    attempts: Type.Integer({ minimum: 1 }),
    error: Type.String(),
    /** The receiver's last HTTP status, when it answered at all. */
    statusCode: Type.Optional(Type.Integer()),
  }),
);

export const NotificationFailed = NotificationFailedV2;
export type NotificationFailedEvent = EventOf<typeof NotificationFailedV2>;
