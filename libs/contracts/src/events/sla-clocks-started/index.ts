import { Type } from '@sinclair/typebox';
import { IsoTime, Priority, Uuid } from '../../common';
import { defineEvent, EventOf } from '../../define-event';
import { SlaTargetName, SlaTargetTable } from '../sla-targets-versioned';

/** A running SLA clock: its target, the minutes the priority gives it, and when it is due. */
export const SlaClock = Type.Object({
  target: SlaTargetName,
  minutes: Type.Integer({ minimum: 1 }),
  dueAt: IsoTime,
});

/**
 * Coordination opened the incident (its first page, or the record that nobody could be paged) and
 * started its SLA clocks under the SLA version in force then. `targets` is that version's whole
 * table, so a later re-prioritisation re-targets under the same version. A priority without a
 * target for a clock starts no clock for it; `priority` is null for an incident recorded without
 * one (its clocks start when a priority comes). Stream `incidentSla-<incidentId>`. Published by coordination.
 */
export const SlaClocksStartedV1 = defineEvent(
  'SlaClocksStarted',
  1,
  Type.Object({
    incidentId: Uuid,
    slaVersion: Type.Integer({ minimum: 1 }),
    priority: Type.Union([Priority, Type.Null()]),
    /** When coordination opened the incident: every clock counts from here. */
    startedAt: IsoTime,
    clocks: Type.Array(SlaClock),
    targets: SlaTargetTable,
  }),
);

export const SlaClocksStarted = SlaClocksStartedV1;
export type SlaClocksStartedEvent = EventOf<typeof SlaClocksStartedV1>;
