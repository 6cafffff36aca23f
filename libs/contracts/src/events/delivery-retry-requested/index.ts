import { Type } from '@sinclair/typebox';
import { Uuid } from '../../common';
import { defineEvent, EventOf } from '../../define-event';

/**
 * Someone asked comms to try a delivery that had failed for good (a dead letter) again
 * (`POST /comms/deliveries/{id}/retry`): a new round of attempts starts, numbered from 1, and ends in a
 * new `NotificationDelivered` or `NotificationFailed`. The ids of a round's events include its number,
 * so they never collide with an earlier round's. Stream `delivery-<deliveryId>`. Published by comms.
 */
export const DeliveryRetryRequestedV1 = defineEvent(
  'DeliveryRetryRequested',
  1,
  Type.Object({
    deliveryId: Uuid,
    incidentId: Uuid,
    kind: Type.Union([Type.Literal('page'), Type.Literal('status-update')]),
    subjectId: Uuid,
    /** The round this starts: 2 for the first retry of a failed delivery. */
    round: Type.Integer({ minimum: 2 }),
    /** The failure it retries (`NotificationFailed.error` of the round before). */
    previousError: Type.String(),
  }),
);

/**
 * v2 (issue 16): `kind` may be `action-item-reminder`: comms delivers review's overdue action item reminders as a kind of
 * their own (they were sent as `status-update`). The shape is otherwise the v1's; a v1 is raised unchanged.
 */
export const DeliveryRetryRequestedV2 = defineEvent(
  'DeliveryRetryRequested',
  2,
  Type.Object({
    deliveryId: Uuid,
    incidentId: Uuid,
    kind: Type.Union([Type.Literal('page'), Type.Literal('status-update'), Type.Literal('action-item-reminder')]),
    subjectId: Uuid,
    /** The round this starts: 2 for the first retry of a failed delivery. */
    round: Type.Integer({ minimum: 2 }),
    /** The failure it retries (`NotificationFailed.error` of the round before). */
    previousError: Type.String(),
  }),
);

export const DeliveryRetryRequested = DeliveryRetryRequestedV2;
export type DeliveryRetryRequestedEvent = EventOf<typeof DeliveryRetryRequestedV2>;
