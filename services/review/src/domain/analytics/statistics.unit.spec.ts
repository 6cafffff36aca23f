import { durationStats, isoWeekOf, monthOf } from './statistics';

describe('analytics statistics', () => {
  it('gives count, median and p90 by nearest rank: figures incidents really had, nulls left out', () => {
    expect(durationStats([])).toEqual({ count: 0, median: null, p90: null });
    expect(durationStats([null, null])).toEqual({ count: 0, median: null, p90: null });
    expect(durationStats([42])).toEqual({ count: 1, median: 42, p90: 42 });
    // An even count: the lower middle, never a mean (whole seconds stay whole).
    expect(durationStats([60, 30])).toEqual({ count: 2, median: 30, p90: 60 });
    expect(durationStats([5, null, 1, 4, 2, 3])).toEqual({ count: 5, median: 3, p90: 5 });
    // Ten values: the 9th is the smallest with 90 % at or below it.
    expect(durationStats([10, 9, 8, 7, 6, 5, 4, 3, 2, 1])).toEqual({ count: 10, median: 5, p90: 9 });
  });

  it('names ISO 8601 weeks in UTC (the Thursday decides the year) and months', () => {
    expect(isoWeekOf('2026-11-23T00:00:00.000Z')).toBe('2026-W48');
    expect(isoWeekOf('2026-11-29T23:59:59.999Z')).toBe('2026-W48');
    expect(isoWeekOf('2027-01-01T00:00:00.000Z')).toBe('2026-W53');
    expect(isoWeekOf('2024-12-30T00:00:00.000Z')).toBe('2025-W01');
    expect(monthOf('2026-11-30T23:00:00.000Z')).toBe('2026-11');
  });
});
