import { Type } from '@sinclair/typebox';
import { IsoTime, Uuid } from '../../common';
import { defineEvent, EventOf } from '../../define-event';

/**
 * An integration that promised a heartbeat every N minutes sent none by its deadline: the
 * monitoring behind it may be dead. Detection also opens an alert for it (source
 * `linchpin-heartbeat`), so the incident is triaged and paged like any other. Stream
 * `heartbeat-<integrationId>`. Published by detection.
 */
export const HeartbeatMissedV1 = defineEvent(
  'HeartbeatMissed',
  1,
  Type.Object({
    integrationId: Uuid,
    /** The integration's name, as configured when the deadline passed. */
    name: Type.String(),
    /** The integration's service: the alert's `service` label. */
    service: Type.String(),
    /** The deadline that passed: the last beat (or the heartbeat's enabling) plus interval and grace. */
    expectedBy: IsoTime,
    /** The last beat recorded, or null when none came since the heartbeat was enabled. */
    lastBeatAt: Type.Union([IsoTime, Type.Null()]),
  }),
);

export const HeartbeatMissed = HeartbeatMissedV1;
export type HeartbeatMissedEvent = EventOf<typeof HeartbeatMissedV1>;
