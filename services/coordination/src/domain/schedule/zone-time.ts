import { Temporal } from '@js-temporal/polyfill';

/**
 * Between wall-clock time in a zone and instants. Temporal's `disambiguation: 'compatible'` is the
 * schedule's rule in one option (RFC 5545's): a local time that does not exist moves forward by the
 * gap, a local time that happens twice takes its first occurrence. (Luxon resolves a repeated local
 * time by the offset in force *now*, so its answer would depend on the day it is asked.)
 *
 * A wall time is a number: the local fields read as if they were UTC (`Date.UTC(y, m, d, h, mi)`),
 * so adding whole hours or days to one is plain arithmetic.
 */
export const instantOfWall = (wall: number, timeZone: string): number => {
  const d = new Date(wall);
  return new Temporal.PlainDateTime(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes())
    .toZonedDateTime(timeZone, { disambiguation: 'compatible' }).epochMilliseconds;
};

/** The wall time an instant shows in the zone (always one answer). */
export const wallOfInstant = (instant: number, timeZone: string): number =>
  instant + Temporal.Instant.fromEpochMilliseconds(instant).toZonedDateTimeISO(timeZone).offsetNanoseconds / 1e6;

export const DAY_MS = 24 * 60 * 60 * 1000;
export const HOUR_MS = 60 * 60 * 1000;

/** Midnight (wall) of a wall time's day. */
export const dayOfWall = (wall: number): number => Math.floor(wall / DAY_MS) * DAY_MS;

/** 0 = Monday … 6 = Sunday, of a wall time. */
export const weekdayOfWall = (wall: number): number => (new Date(wall).getUTCDay() + 6) % 7;

/** Wall times as an instant is shown, for reasons people read: `2026-03-08T03:30` (local). */
export const formatWall = (wall: number): string => new Date(wall).toISOString().slice(0, 16);

export const isoOf = (instant: number): string => new Date(instant).toISOString();
