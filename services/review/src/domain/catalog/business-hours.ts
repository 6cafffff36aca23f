import { ServiceBusinessHoursData } from '@linchpin/contracts';

type Weekday = ServiceBusinessHoursData['days'][number];
const WEEKDAYS: readonly Weekday[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

/**
 * The hours a page counts against when its incident's service has none in the catalog (no service, not catalogued, or
 * catalogued without hours): a working week in UTC (README "Analytics").
 */
export const DEFAULT_BUSINESS_HOURS: ServiceBusinessHoursData = { timezone: 'UTC', days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '17:00' };

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Weekday and minutes since local midnight at `instant` in `zone` (one formatter per zone: building one is costly). */
function localTime(zone: string, instant: number): { day: Weekday; minutes: number } {
  let format = formatters.get(zone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-US', { timeZone: zone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formatters.set(zone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(instant).map((p) => [p.type, p.value]));
  return { day: parts.weekday.toLowerCase() as Weekday, minutes: Number(parts.hour) * 60 + Number(parts.minute) };
}

const minutesOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * Whether `at` falls outside the hours, read on their zone's wall clock (daylight saving included); the start is in, the
 * end out; hours whose end is not after their start run overnight (22:00–06:00), as triage's catalog defines them.
 */
export function isOutOfHours(hours: ServiceBusinessHoursData, at: string): boolean {
  const { day, minutes } = localTime(hours.timezone, Date.parse(at));
  const start = minutesOf(hours.start);
  const end = minutesOf(hours.end);
  const days: readonly string[] = hours.days;
  const within =
    start < end
      ? days.includes(day) && minutes >= start && minutes < end
      : (days.includes(day) && minutes >= start) || (days.includes(WEEKDAYS[(WEEKDAYS.indexOf(day) + 6) % 7]) && minutes < end);
  return !within;
}
