import { Type } from '@sinclair/typebox';
import { Uuid } from '../../common';
import { defineEvent, EventOf } from '../../define-event';

/** Who a level pages: a person, whoever a schedule has on call then, or a team's members. Ids are checked when the level is resolved. */
export const EscalationTarget = Type.Object({
  kind: Type.Union([Type.Literal('person'), Type.Literal('schedule'), Type.Literal('team')]),
  id: Uuid,
});

export const EscalationLevelDefinition = Type.Object({
  targets: Type.Array(EscalationTarget, { minItems: 1 }),
  /** Minutes after this level is paged before the next one is, unless someone acknowledged. */
  timeoutMinutes: Type.Integer({ minimum: 1, maximum: 1440 }),
});

/** A policy's whole definition as every version states it. */
export const escalationPolicyFields = {
  policyId: Uuid,
  name: Type.String({ minLength: 1 }),
  levels: Type.Array(EscalationLevelDefinition, { minItems: 1, maxItems: 20 }),
  /** How many times the whole policy runs again after its last level (0: once). */
  repeat: Type.Integer({ minimum: 0, maximum: 9 }),
  /** Re-notify an acknowledged incident left untouched this long; absent: never. */
  acknowledgementTimeoutMinutes: Type.Optional(Type.Integer({ minimum: 1, maximum: 1440 })),
  /** 1 when created, +1 on every recorded change (retirement included). */
  version: Type.Integer({ minimum: 1 }),
};

/** An escalation policy, version 1; stream `escalationPolicy-<policyId>`. Published by coordination. */
export const EscalationPolicyCreatedV1 = defineEvent('EscalationPolicyCreated', 1, Type.Object(escalationPolicyFields));

export const EscalationPolicyCreated = EscalationPolicyCreatedV1;
export type EscalationPolicyCreatedEvent = EventOf<typeof EscalationPolicyCreatedV1>;
