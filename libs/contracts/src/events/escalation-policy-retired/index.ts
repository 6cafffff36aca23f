import { Type } from '@sinclair/typebox';
import { Uuid } from '../../common';
import { defineEvent, EventOf } from '../../define-event';

/** An escalation policy no route may name any more; escalations already under way keep their snapshot. Published by coordination. */
export const EscalationPolicyRetiredV1 = defineEvent(
  'EscalationPolicyRetired',
  1,
  Type.Object({
    policyId: Uuid,
    version: Type.Integer({ minimum: 1 }),
  }),
);

export const EscalationPolicyRetired = EscalationPolicyRetiredV1;
export type EscalationPolicyRetiredEvent = EventOf<typeof EscalationPolicyRetiredV1>;
