import { Type } from '@sinclair/typebox';
import { IsoTime, Priority, Uuid } from '../../common';
import { defineEvent, EventOf } from '../../define-event';
import { SlaTargetName } from '../sla-targets-versioned';

/**
 * An SLA target passed while its clock ran: recorded once per target and incident. Stream
 * `incidentSla-<incidentId>`. Published by coordination.
 */
export const SlaBreachedV1 = defineEvent(
  'SlaBreached',
  1,
  Type.Object({
    incidentId: Uuid,
    target: SlaTargetName,
    priority: Priority,
    dueAt: IsoTime,
    /** When coordination recorded it (the timer's firing, or the late stop that found it passed). */
    breachedAt: IsoTime,
    slaVersion: Type.Integer({ minimum: 1 }),
  }),
);

export const SlaBreached = SlaBreachedV1;
export type SlaBreachedEvent = EventOf<typeof SlaBreachedV1>;
