import { Type } from '@sinclair/typebox';
import { IsoTime, Uuid } from '../../common';
import { defineEvent, EventOf } from '../../define-event';

/** A person covers a schedule for [from, to), over every layer; the override added last wins where two overlap. Published by coordination. */
export const ScheduleOverrideAddedV1 = defineEvent(
  'ScheduleOverrideAdded',
  1,
  Type.Object({
    scheduleId: Uuid,
    overrideId: Uuid,
    personId: Uuid,
    from: IsoTime,
    to: IsoTime,
  }),
);

export const ScheduleOverrideAdded = ScheduleOverrideAddedV1;
export type ScheduleOverrideAddedEvent = EventOf<typeof ScheduleOverrideAddedV1>;
