import { Type } from '@sinclair/typebox';
import { Uuid } from '../../common';
import { defineEvent, EventOf } from '../../define-event';

/** A schedule has nobody on call from now on (its last version stays readable). Published by coordination. */
export const ScheduleRetiredV1 = defineEvent('ScheduleRetired', 1, Type.Object({ scheduleId: Uuid, version: Type.Integer({ minimum: 1 }) }));

export const ScheduleRetired = ScheduleRetiredV1;
export type ScheduleRetiredEvent = EventOf<typeof ScheduleRetiredV1>;
