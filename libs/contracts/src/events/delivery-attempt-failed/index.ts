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

/**
 * v2 (issue 15): each failed attempt also says how long it took and when the next one is due. Retries
 * run on durable timers: the attempt's `TimerScheduled` is appended with it, so a restart neither
 * loses nor repeats a retry. The last attempt (or a final failure: a refusal, an SMTP 5xx, no channel)
 * has `nextAttemptAt: null` and is appended with `NotificationFailed`. Upcast from v1: `latencyMs` and
 * `nextAttemptAt` null (not recorded then), `round` 1.
 */
export const DeliveryAttemptFailedV2 = defineEvent(
  'DeliveryAttemptFailed',
  2,
  Type.Object({
    deliveryId: Uuid,
    kind: Type.Union([Type.Literal('page'), Type.Literal('status-update')]),
    incidentId: Uuid,
    pageId: Type.Optional(Uuid),
    /** 1 for the first attempt of this round. */
    attempt: Type.Integer({ minimum: 1 }),
    /** The real cause, as `NotificationFailed.error` words it (e.g. `connection refused (ECONNREFUSED) to host:port`). */
    error: Type.String(),
    statusCode: Type.Optional(Type.Integer()),
    /** How long the attempt took, in milliseconds; null when not recorded (v1). */
    latencyMs: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()]),
    /** When the next attempt is due; null when there is none (the last attempt, or a failure retrying cannot mend). */
    nextAttemptAt: Type.Union([IsoTime, Type.Null()]),
    /** 1, then one more for each `DeliveryRetryRequested` of a delivery that had failed for good. */
    round: Type.Integer({ minimum: 1 }),
    at: IsoTime,
  }),
);

/**
 * v3 (issue 16): `kind` may be `action-item-reminder`: comms delivers review's overdue action item reminders as a kind of
 * their own (they were sent as `status-update`). The shape is otherwise the v2's; a v2 is raised unchanged.
 */
export const DeliveryAttemptFailedV3 = defineEvent(
  'DeliveryAttemptFailed',
  3,
  Type.Object({
    deliveryId: Uuid,
    kind: Type.Union([Type.Literal('page'), Type.Literal('status-update'), Type.Literal('action-item-reminder')]),
    incidentId: Uuid,
    pageId: Type.Optional(Uuid),
    /** 1 for the first attempt of this round. */
    attempt: Type.Integer({ minimum: 1 }),
    /** The real cause, as `NotificationFailed.error` words it (e.g. `connection refused (ECONNREFUSED) to host:port`). */
    error: Type.String(),
    statusCode: Type.Optional(Type.Integer()),
    /** How long the attempt took, in milliseconds; null when not recorded (v1). */
    latencyMs: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()]),
    /** When the next attempt is due; null when there is none (the last attempt, or a failure retrying cannot mend). */
    nextAttemptAt: Type.Union([IsoTime, Type.Null()]),
    /** 1, then one more for each `DeliveryRetryRequested` of a delivery that had failed for good. */
    round: Type.Integer({ minimum: 1 }),
    at: IsoTime,
  }),
);

export const DeliveryAttemptFailed = DeliveryAttemptFailedV3;
export type DeliveryAttemptFailedEvent = EventOf<typeof DeliveryAttemptFailedV3>;
