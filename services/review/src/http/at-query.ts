import { RequestValidationException, zonedInstant } from '@linchpin/platform';

/** A `?at=` moment: an ISO 8601 time with a zone that exists (no 30 February), else a 400 naming `at` (as the timeline's `?at`). */
export function parseAtQuery(value: unknown): Date {
  // A repeated parameter arrives as an array: not one moment.
  const instant = typeof value === 'string' ? zonedInstant(value) : undefined;
  if (instant === undefined) {
    throw new RequestValidationException([{ field: 'at', reason: 'at must be an ISO 8601 date-time with a zone that exists on the calendar, e.g. 2026-01-01T10:00:00Z' }]);
  }
  return new Date(instant);
}
