import { Type } from '@sinclair/typebox';
import { defineEvent, EventOf } from '../../define-event';

/** The three SLA clocks of an incident: time to acknowledge, to mitigate, to resolve. */
export const SlaTargetName = Type.Union([Type.Literal('acknowledge'), Type.Literal('mitigate'), Type.Literal('resolve')]);

const Minutes = Type.Integer({ minimum: 1, maximum: 43_200 });

/** One priority's targets in minutes from the incident's opening; an absent target is none (no clock). */
export const SlaPriorityTargets = Type.Object({
  acknowledgeMinutes: Type.Optional(Minutes),
  mitigateMinutes: Type.Optional(Minutes),
  resolveMinutes: Type.Optional(Minutes),
});

/** The targets of every priority, P1 to P5 (a version always states all five). */
export const SlaTargetTable = Type.Object({
  P1: SlaPriorityTargets,
  P2: SlaPriorityTargets,
  P3: SlaPriorityTargets,
  P4: SlaPriorityTargets,
  P5: SlaPriorityTargets,
});

/**
 * A new version of coordination's SLA targets (stream `slaPolicy-default`). Version 1 is the
 * built-in default and is never stored, so a stored version is 2 or more. Incidents opened from
 * then on run their clocks under it; running clocks keep the version they started under.
 * Published by coordination.
 */
export const SlaTargetsVersionedV1 = defineEvent(
  'SlaTargetsVersioned',
  1,
  Type.Object({
    policyId: Type.String({ minLength: 1 }),
    version: Type.Integer({ minimum: 2 }),
    targets: SlaTargetTable,
    reason: Type.Optional(Type.String()),
  }),
);

export const SlaTargetsVersioned = SlaTargetsVersionedV1;
export type SlaTargetsVersionedEvent = EventOf<typeof SlaTargetsVersionedV1>;
