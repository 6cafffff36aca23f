import { Type } from '@sinclair/typebox';
import { Uuid } from '../../common';
import { defineEvent, EventOf } from '../../define-event';

/** An override no longer applies; the layers answer for its window again. Published by coordination. */
export const ScheduleOverrideRemovedV1 = defineEvent('ScheduleOverrideRemoved', 1, Type.Object({ scheduleId: Uuid, overrideId: Uuid }));

export const ScheduleOverrideRemoved = ScheduleOverrideRemovedV1;
export type ScheduleOverrideRemovedEvent = EventOf<typeof ScheduleOverrideRemovedV1>;
