import { WEEKDAYS, Weekday, minutesOf } from '../schedule/definition';
import { dayOfWall, wallOfInstant, weekdayOfWall } from '../schedule/zone-time';

/**
 * When a page is "in hours". Coordination does not read triage's service catalog (a service never
 * reads another's streams, and no published event carries a service's hours), so the default is the
 * paged person's own working day: 09:00–17:00, Monday to Friday, in their own time zone. A request
 * may name one window for everyone instead (`timeZone` given).
 */
export interface BusinessHours {
  /** Absent: each person's own zone. */
  timeZone?: string;
  days: Weekday[];
  /** `HH:MM`, local. */
  start: string;
  /** `HH:MM` or `24:00`, local, after `start`. */
  end: string;
}

export const DEFAULT_BUSINESS_HOURS: BusinessHours = { days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '17:00' };

/** Whether `at` (ISO instant) falls outside `hours`, read in `hours.timeZone` or else in `personZone`. */
export function isOutOfHours(at: string, personZone: string, hours: BusinessHours): boolean {
  const wall = wallOfInstant(Date.parse(at), hours.timeZone ?? personZone);
  const day = WEEKDAYS[weekdayOfWall(wall)];
  const minute = (wall - dayOfWall(wall)) / 60_000;
  return !(hours.days.includes(day) && minute >= minutesOf(hours.start) && minute < minutesOf(hours.end));
}
