import { Type } from '@sinclair/typebox';
import { Uuid } from '../../common';
import { defineEvent, EventOf } from '../../define-event';
import { SkippedTarget } from '../escalation-level-reached';
import { EscalationPolicyRef } from '../escalation-started';

/** A level resolved to nobody (a schedule gap, a retired person, an empty team): skipped at once, with why. Published by coordination. */
export const EscalationLevelSkippedV1 = defineEvent(
  'EscalationLevelSkipped',
  1,
  Type.Object({
    incidentId: Uuid,
    policy: EscalationPolicyRef,
    level: Type.Integer({ minimum: 1 }),
    repeat: Type.Integer({ minimum: 0 }),
    skipped: Type.Array(SkippedTarget),
    reason: Type.String(),
  }),
);

export const EscalationLevelSkipped = EscalationLevelSkippedV1;
export type EscalationLevelSkippedEvent = EventOf<typeof EscalationLevelSkippedV1>;
