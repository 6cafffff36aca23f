import { Type } from '@sinclair/typebox';
import { Uuid } from '../../common';
import { defineEvent, EventOf } from '../../define-event';

/**
 * A page coordination sent never reached its responder: comms gave up on it (NotificationFailed).
 * While no page of the incident has reached anyone, nobody is paged for it. Published by coordination.
 */
export const PageFailedV1 = defineEvent(
  'PageFailed',
  1,
  Type.Object({
    incidentId: Uuid,
    pageId: Uuid,
    team: Type.String({ minLength: 1 }),
    responder: Type.String({ minLength: 1 }),
    /** Comms' words for the last attempt, e.g. `no answer within 5000 ms`. */
    error: Type.String(),
    /** For the incident's views: whose page failed, why, and that nobody has been reached. */
    reason: Type.String(),
    /** False while no page of the incident has reached anyone. */
    paged: Type.Boolean(),
  }),
);

export const PageFailed = PageFailedV1;
export type PageFailedEvent = EventOf<typeof PageFailedV1>;
