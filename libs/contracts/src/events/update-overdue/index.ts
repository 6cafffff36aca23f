import { Type } from '@sinclair/typebox';
import { IsoTime, Priority, Uuid } from '../../common';
import { defineEvent, EventOf } from '../../define-event';

/** Who was told that an update is overdue: the incident's communications lead, else its commander. */
export const UpdateOverdueNotified = Type.Object({
  personId: Uuid,
  role: Type.Union([Type.Literal('communications-lead'), Type.Literal('commander')]),
});

/**
 * An incident went a whole update cadence (comms' `/comms/update-cadence`, per priority) without a
 * status update: its durable timer fired. Recorded once per overdue period, again every cadence until
 * an update is posted. `notified` is null when the incident has neither a communications lead nor a
 * commander (`reason` says so): nobody was told. Published by comms (stream `updateOverdue-<incidentId>`).
 */
export const UpdateOverdueV1 = defineEvent(
  'UpdateOverdue',
  1,
  Type.Object({
    incidentId: Uuid,
    priority: Priority,
    cadenceMinutes: Type.Integer({ minimum: 1 }),
    cadenceVersion: Type.Integer({ minimum: 1 }),
    /** The last status update comms saw for the incident; null: none since it opened. */
    lastUpdateAt: Type.Union([IsoTime, Type.Null()]),
    dueAt: IsoTime,
    notified: Type.Union([UpdateOverdueNotified, Type.Null()]),
    /** Why nobody was notified (with `notified: null`). */
    reason: Type.Optional(Type.String()),
  }),
);

export const UpdateOverdue = UpdateOverdueV1;
export type UpdateOverdueEvent = EventOf<typeof UpdateOverdueV1>;
