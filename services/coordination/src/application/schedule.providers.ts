import {
  AddOverrideHandler,
  CreateScheduleHandler,
  GetScheduleHandler,
  ListSchedulesHandler,
  OnCallHandler,
  RemoveOverrideHandler,
  RetireScheduleHandler,
  ShiftsHandler,
  UpdateScheduleHandler,
} from './schedule.handlers';
import { SchedulesProjection } from './schedules.projection';

/** The schedules feature's handlers and read model: one line in the feature module. */
export const SCHEDULE_PROVIDERS = [
  CreateScheduleHandler,
  UpdateScheduleHandler,
  RetireScheduleHandler,
  AddOverrideHandler,
  RemoveOverrideHandler,
  GetScheduleHandler,
  ListSchedulesHandler,
  OnCallHandler,
  ShiftsHandler,
  SchedulesProjection,
];
