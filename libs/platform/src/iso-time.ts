import { ValidateBy, ValidationOptions } from 'class-validator';
import { registerValidatorSchema } from './openapi-validation';

/*
 * Times people and senders give. JavaScript's Date rolls an impossible date forward (`2026-02-30` reads as
 * 2 March, hour 24 as the next day), so a time read with `new Date` alone may answer for another moment than
 * the one asked. Every ISO time parsed from a user goes through here: an impossible one is refused.
 */

/** The calendar and clock fields at the start of an ISO 8601 time (date, then optionally `T` or a space and `hh:mm[:ss]`). */
const FIELDS = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?/i;

/**
 * Whether the date and time an ISO 8601 text starts with exist: month 1–12, a day of that month (29 February in
 * a leap year only), hour 0–23, minute 0–59, second 0–60 (a leap second). Says nothing of the rest of the text.
 */
export function hasRealCalendarFields(value: string): boolean {
  const match = FIELDS.exec(value);
  if (!match) return false;
  const [year, month, day, hour = 0, minute = 0, second = 0] = match.slice(1).map((part) => (part === undefined ? undefined : Number(part))) as number[];
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth && hour <= 23 && minute <= 59 && second <= 60;
}

/** An RFC 3339 instant with its zone: a local time without one would be read in the server's zone. */
const ZONED_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/i;

/** The instant as UTC ISO, or undefined when it is none (no zone, a 30 February, a 25th hour). A leap second reads as the second before. */
export function zonedInstant(value: string): string | undefined {
  if (!ZONED_TIME.test(value) || !hasRealCalendarFields(value)) return undefined;
  const ms = Date.parse(value.replace(/:60(?=[.zZ+-])/, ':59'));
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

/** The reason a time is refused for, after the field's name. */
export const ZONED_INSTANT_RULE = 'must be an ISO 8601 date-time with a zone that exists on the calendar, e.g. 2026-03-01T08:59:30Z';

/** A property that is an instant `zonedInstant` reads (a 400 naming it otherwise). */
export const IsZonedInstant = (options?: ValidationOptions): PropertyDecorator =>
  ValidateBy(
    {
      name: 'isZonedInstant',
      validator: {
        validate: (value) => typeof value === 'string' && zonedInstant(value) !== undefined,
        defaultMessage: () => `$property ${ZONED_INSTANT_RULE}`,
      },
    },
    options,
  );
// Documented as an RFC 3339 date-time: each of those is an instant this accepts.
registerValidatorSchema('isZonedInstant', { type: 'string', format: 'date-time' });
