import { Type } from '@sinclair/typebox';
import { IsoTime, Uuid } from '../../common';
import { defineEvent, EventOf } from '../../define-event';
import { EscalationTarget } from '../escalation-policy-created';
import { EscalationPolicyRef } from '../escalation-started';

/** How a person came to be paged: the level's target that named them, its version, and why. */
export const ReachedVia = Type.Object({
  kind: Type.Union([Type.Literal('person'), Type.Literal('schedule'), Type.Literal('team')]),
  id: Uuid,
  version: Type.Optional(Type.Integer({ minimum: 1 })),
  reason: Type.String(),
});

/** One person notified: the page's id, and the contact method it goes to (its id, never the address). */
export const NotifiedPerson = Type.Object({
  pageId: Uuid,
  personId: Uuid,
  name: Type.String(),
  contactMethodId: Uuid,
  contactKind: Type.Union([Type.Literal('webhook'), Type.Literal('slack'), Type.Literal('email')]),
  via: ReachedVia,
});

/** A target of a level that gave nobody, and why (e.g. `schedule gap`, `person retired`). */
export const SkippedTarget = Type.Object({ target: EscalationTarget, reason: Type.String() });

/**
 * A level of the incident's escalation policy was paged: who, through what, and when the next level
 * comes if nobody acknowledges. On `response-<incidentId>`. Published by coordination.
 */
export const EscalationLevelReachedV1 = defineEvent(
  'EscalationLevelReached',
  1,
  Type.Object({
    incidentId: Uuid,
    policy: EscalationPolicyRef,
    /** 1-based. */
    level: Type.Integer({ minimum: 1 }),
    /** 0 on the first pass of the policy, 1 on its first repeat, … */
    repeat: Type.Integer({ minimum: 0 }),
    paged: Type.Array(NotifiedPerson, { minItems: 1 }),
    /** Targets of this level that gave nobody. */
    skipped: Type.Array(SkippedTarget),
    /** When the next level (or exhaustion) comes unless someone acknowledges. */
    deadlineAt: IsoTime,
    reason: Type.String(),
  }),
);

export const EscalationLevelReached = EscalationLevelReachedV1;
export type EscalationLevelReachedEvent = EventOf<typeof EscalationLevelReachedV1>;
