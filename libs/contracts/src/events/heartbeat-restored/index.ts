import { Type } from '@sinclair/typebox';
import { IsoTime, Uuid } from '../../common';
import { defineEvent, EventOf } from '../../define-event';

/**
 * The first beat after a `HeartbeatMissed`: the integration is alive again and detection resolves
 * the heartbeat's alert. Stream `heartbeat-<integrationId>`. Published by detection.
 */
export const HeartbeatRestoredV1 = defineEvent(
  'HeartbeatRestored',
  1,
  Type.Object({
    integrationId: Uuid,
    name: Type.String(),
    service: Type.String(),
    /** The deadline that had been missed (the `HeartbeatMissed`'s `expectedBy`). */
    missedAt: IsoTime,
    /** When the beat that restored it arrived. */
    restoredAt: IsoTime,
  }),
);

export const HeartbeatRestored = HeartbeatRestoredV1;
export type HeartbeatRestoredEvent = EventOf<typeof HeartbeatRestoredV1>;
