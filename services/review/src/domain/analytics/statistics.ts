/** Count, median and 90th percentile of whole seconds; null median and p90 without values. */
export interface DurationStats {
  count: number;
  median: number | null;
  p90: number | null;
}

/**
 * Nearest rank (README "Analytics"): the smallest value with at least p % of the values at or below it, so every
 * figure is one an incident really had (whole seconds, no interpolation). The median is the lower middle of an even count.
 */
export function durationStats(values: readonly (number | null)[]): DurationStats {
  const known = values.filter((v): v is number => v !== null).sort((a, b) => a - b);
  const rank = (p: number) => known[Math.max(0, Math.ceil((p / 100) * known.length) - 1)];
  return known.length === 0 ? { count: 0, median: null, p90: null } : { count: known.length, median: rank(50), p90: rank(90) };
}

/** ISO 8601 week of an instant, in UTC: `2026-W48` (the week's Thursday decides its year). */
export function isoWeekOf(at: string): string {
  const date = new Date(at);
  const day = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  const weekday = day.getUTCDay() || 7;
  day.setUTCDate(day.getUTCDate() + 4 - weekday);
  const yearStart = Date.UTC(day.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((day.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return `${day.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

/** Calendar month of an instant, in UTC: `2026-11`. */
export const monthOf = (at: string): string => at.slice(0, 7);
