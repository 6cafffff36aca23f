import { Type } from '@sinclair/typebox';
import { IsoTime, Uuid } from '../../common';
import { defineEvent, EventOf } from '../../define-event';
import { SlaTargetName } from '../sla-targets-versioned';

/**
 * What an SLA clock measures happened (acknowledged, mitigated, resolved): the clock stops.
 * `outcome`: `met` at or before `dueAt`, `breached` after it, `not-applicable` when the priority
 * gave it no target (recorded so a later re-prioritisation does not start a clock for what is done).
 * Stream `incidentSla-<incidentId>`. Published by coordination.
 */
export const SlaClockStoppedV1 = defineEvent(
  'SlaClockStopped',
  1,
  Type.Object({
    incidentId: Uuid,
    target: SlaTargetName,
    cause: Type.Union([Type.Literal('acknowledged'), Type.Literal('mitigated'), Type.Literal('resolved')]),
    /** When the fact that stops it happened (the acknowledgement's own time, not when coordination noted it). */
    stoppedAt: IsoTime,
    outcome: Type.Union([Type.Literal('met'), Type.Literal('breached'), Type.Literal('not-applicable')]),
    dueAt: Type.Union([IsoTime, Type.Null()]),
  }),
);

export const SlaClockStopped = SlaClockStoppedV1;
export type SlaClockStoppedEvent = EventOf<typeof SlaClockStoppedV1>;
