import { Type } from '@sinclair/typebox';
import { IsoTime, Uuid } from '../../common';
import { defineEvent, EventOf } from '../../define-event';

/**
 * One attempt of a webhook delivery failed (an error, a timeout, or an answer other than 2xx),
 * recorded as it happens, before any retry and before the delivery's final
 * `NotificationDelivered` / `NotificationFailed`: whoever must act on a failing page need not wait
 * for the retries. Its id comes from the delivery and the attempt number, so a restart that
 * repeats an attempt records nothing new. Stream `delivery-<deliveryId>`. Published by comms.
 */
export const DeliveryAttemptFailedV1 = defineEvent(
  'DeliveryAttemptFailed',
  1,
  Type.Object({
    deliveryId: Uuid,
    /** As in `NotificationDelivered`: `page` (a responder's webhook) or `status-update` (a subscription). */
    kind: Type.Union([Type.Literal('page'), Type.Literal('status-update')]),
    incidentId: Uuid,
    /** The page's id (`ResponderPaged`'s `pageId`), for a page. */
    pageId: Type.Optional(Uuid),
    /** 1 for the first attempt of this delivery. */
    attempt: Type.Integer({ minimum: 1 }),
    /** What went wrong, as `NotificationFailed.error` words it. */
    error: Type.String(),
    /** The receiver's HTTP status, when it answered at all. */
    statusCode: Type.Optional(Type.Integer()),
    /** When the attempt failed. */
    at: IsoTime,
  }),
);

export const DeliveryAttemptFailed = DeliveryAttemptFailedV1;
export type DeliveryAttemptFailedEvent = EventOf<typeof DeliveryAttemptFailedV1>;
