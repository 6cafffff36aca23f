import { Type } from '@sinclair/typebox';
import { defineEvent, EventOf } from '../../define-event';
import { ScheduleDefinitionSchema } from '../schedule-created';

/** A new version of a schedule: the whole definition again, with its version number. Overrides are kept. Published by coordination. */
export const ScheduleUpdatedV1 = defineEvent('ScheduleUpdated', 1, Type.Object(ScheduleDefinitionSchema));

export const ScheduleUpdated = ScheduleUpdatedV1;
export type ScheduleUpdatedEvent = EventOf<typeof ScheduleUpdatedV1>;
