import { Type } from '@sinclair/typebox';
import { IsoTime, Uuid } from '../../common';
import { defineEvent, EventOf } from '../../define-event';

/**
 * Every alert of the incident has resolved at its source; stream `detection-<incidentId>`.
 * Coordination may resolve the incident on it, by policy. A later alert joining the incident
 * makes it firing again, and a new SignalsCleared follows when that one resolves. Published by detection.
 */
export const SignalsClearedV1 = defineEvent(
  'SignalsCleared',
  1,
  Type.Object({
    incidentId: Uuid,
    alertCount: Type.Integer({ minimum: 1 }),
    /** The latest `endsAt` among the incident's alerts (source time). */
    clearedAt: IsoTime,
  }),
);

export const SignalsCleared = SignalsClearedV1;
export type SignalsClearedEvent = EventOf<typeof SignalsClearedV1>;
