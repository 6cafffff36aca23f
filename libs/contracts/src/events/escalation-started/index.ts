import { Type } from '@sinclair/typebox';
import { Uuid } from '../../common';
import { defineEvent, EventOf } from '../../define-event';
import { EscalationLevelDefinition } from '../escalation-policy-created';

/** Which policy (and version) an escalation follows: a stored policy, or a legacy team's default one. */
export const EscalationPolicyRef = Type.Object({
  policyId: Uuid,
  version: Type.Integer({ minimum: 1 }),
  name: Type.String({ minLength: 1 }),
});

/**
 * An incident's escalation began, under a snapshot of its policy: later versions of the policy do not
 * change an escalation under way. On `response-<incidentId>`. Published by coordination.
 */
export const EscalationStartedV1 = defineEvent(
  'EscalationStarted',
  1,
  Type.Object({
    incidentId: Uuid,
    policy: Type.Object({
      ...EscalationPolicyRef.properties,
      /** A team's default policy (legacy teams: one level per member) rather than a stored one. */
      source: Type.Union([Type.Literal('policy'), Type.Literal('team-default')]),
      levels: Type.Array(EscalationLevelDefinition),
      repeat: Type.Integer({ minimum: 0, maximum: 9 }),
      acknowledgementTimeoutMinutes: Type.Optional(Type.Integer({ minimum: 1, maximum: 1440 })),
    }),
    /** The default route's team, paged when the policy is exhausted; null when there is none. */
    fallbackTeam: Type.Union([Type.String({ minLength: 1 }), Type.Null()]),
  }),
);

export const EscalationStarted = EscalationStartedV1;
export type EscalationStartedEvent = EventOf<typeof EscalationStartedV1>;
