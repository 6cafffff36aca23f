import { Type } from '@sinclair/typebox';
import { defineEvent, EventOf } from '../../define-event';
import { escalationPolicyFields } from '../escalation-policy-created';

/** A new version of an escalation policy: the full definition, replacing the previous one. Published by coordination. */
export const EscalationPolicyUpdatedV1 = defineEvent('EscalationPolicyUpdated', 1, Type.Object(escalationPolicyFields));

export const EscalationPolicyUpdated = EscalationPolicyUpdatedV1;
export type EscalationPolicyUpdatedEvent = EventOf<typeof EscalationPolicyUpdatedV1>;
