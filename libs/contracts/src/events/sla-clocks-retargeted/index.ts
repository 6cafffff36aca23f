import { Type } from '@sinclair/typebox';
import { Priority, Uuid } from '../../common';
import { defineEvent, EventOf } from '../../define-event';
import { SlaClock } from '../sla-clocks-started';
import { SlaTargetName } from '../sla-targets-versioned';

/**
 * The incident's priority changed while clocks were running: each running clock is due again at
 * the incident's start plus the new priority's minutes (same SLA version), `clocks` lists them;
 * `withoutTarget` the clocks the new priority gives no target (cancelled). Clocks already met or
 * breached keep their outcome. Stream `incidentSla-<incidentId>`. Published by coordination.
 */
export const SlaClocksRetargetedV1 = defineEvent(
  'SlaClocksRetargeted',
  1,
  Type.Object({
    incidentId: Uuid,
    slaVersion: Type.Integer({ minimum: 1 }),
    previous: Type.Union([Priority, Type.Null()]),
    priority: Priority,
    clocks: Type.Array(SlaClock),
    withoutTarget: Type.Array(SlaTargetName),
  }),
);

export const SlaClocksRetargeted = SlaClocksRetargetedV1;
export type SlaClocksRetargetedEvent = EventOf<typeof SlaClocksRetargetedV1>;
