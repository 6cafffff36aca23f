import { Gap, OnCall, ScheduleLayer, ScheduleOverride, Shift } from '../domain/schedule';
import { ScheduleRecord, ScheduleState } from '../domain/schedule.decider';

export interface ScheduleView {
  scheduleId: string;
  name: string;
  version: number;
  status: 'active' | 'retired';
  timeZone: string;
  layers: ScheduleLayer[];
  overrides: ScheduleOverride[];
  createdAt: string;
  updatedAt: string;
  retiredAt: string | null;
}

export interface SchedulePage {
  items: ScheduleView[];
  nextCursor: string | null;
}

/** The answer names the version it was computed from: the one in force now, whatever `at` is. */
export type OnCallView = OnCall & { scheduleId: string; version: number; timeZone: string };

export interface ShiftsView {
  scheduleId: string;
  version: number;
  timeZone: string;
  from: string;
  to: string;
  shifts: Shift[];
  gaps: Gap[];
}

export const scheduleView = (state: Exclude<ScheduleState, { status: 'none' }>): ScheduleView => viewOfRecord(state, state.status);

export const viewOfRecord = (record: ScheduleRecord, status: 'active' | 'retired'): ScheduleView => ({
  scheduleId: record.scheduleId,
  name: record.definition.name,
  version: record.version,
  status,
  timeZone: record.definition.timeZone,
  layers: record.definition.layers,
  overrides: record.overrides,
  createdAt: record.createdAt,
  updatedAt: record.updatedAt,
  retiredAt: record.retiredAt,
});
