import { Type } from '@sinclair/typebox';
import { Uuid } from '../../common';
import { defineEvent, EventOf } from '../../define-event';
import { EscalationPolicyRef } from '../escalation-started';

/**
 * The last level of the last repeat ended and nobody acknowledged (or no level had anyone to page):
 * coordination pages the default route's team, `fallbackTeam`, next. Published by coordination.
 */
export const EscalationExhaustedV1 = defineEvent(
  'EscalationExhausted',
  1,
  Type.Object({
    incidentId: Uuid,
    policy: EscalationPolicyRef,
    /** Levels paged and skipped over every pass. */
    levelsReached: Type.Integer({ minimum: 0 }),
    levelsSkipped: Type.Integer({ minimum: 0 }),
    /** The default route's team, to be paged now; null when there is none (nobody else to page). */
    fallbackTeam: Type.Union([Type.String({ minLength: 1 }), Type.Null()]),
    reason: Type.String(),
  }),
);

export const EscalationExhausted = EscalationExhaustedV1;
export type EscalationExhaustedEvent = EventOf<typeof EscalationExhaustedV1>;
