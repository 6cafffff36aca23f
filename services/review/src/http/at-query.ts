import { RequestValidationException } from '@linchpin/platform';

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** A `?at=` moment: an ISO 8601 time with a zone, else a 400 naming `at` (as the timeline's `?at`). */
export function parseAtQuery(value: unknown): Date {
  // A repeated parameter arrives as an array: not one moment.
  const text = typeof value === 'string' ? value : '';
  const date = new Date(text);
  if (!ISO_TIME.test(text) || Number.isNaN(date.getTime())) {
    throw new RequestValidationException([{ field: 'at', reason: 'at must be an ISO 8601 date-time with a zone, e.g. 2026-01-01T10:00:00Z' }]);
  }
  return date;
}
