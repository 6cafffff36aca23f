/**
 * Whether the value is a real day `YYYY-MM-DD` of any four-digit year, as OpenAPI's `date` format takes it
 * (validator.js's strict ISO check refuses years before 1000, which the documented format allows).
 */
export function isCalendarDay(value: unknown): boolean {
  const parts = typeof value === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(value) : null;
  if (!parts) return false;
  const [year, month, day] = parts.slice(1).map(Number);
  // Date.UTC reads years 0-99 as 1900-1999: set the year on its own.
  const date = new Date(Date.UTC(2000, month - 1, day));
  date.setUTCFullYear(year);
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}
