import { DEFAULT_RETRY_SCHEDULES, backoffCapMs, nextAttemptAt } from './retry-schedule';

const failedAt = new Date('2026-01-01T00:00:00.000Z');
const { page, 'status-update': update } = DEFAULT_RETRY_SCHEDULES;

describe('retry schedules', () => {
  it('pages: 5 attempts, waits up to 5 s, 15 s, 45 s and 2 min 15 s', () => {
    expect([1, 2, 3, 4].map((n) => backoffCapMs(page, n))).toEqual([5_000, 15_000, 45_000, 135_000]);
  });

  it('status updates: 6 attempts over about half an hour at most', () => {
    const caps = [1, 2, 3, 4, 5].map((n) => backoffCapMs(update, n));
    expect(caps).toEqual([60_000, 120_000, 240_000, 480_000, 960_000]);
    expect(caps.reduce((a, b) => a + b) / 60_000).toBe(31);
  });

  it('full jitter: the next attempt is drawn between now and the cap', () => {
    expect(nextAttemptAt(page, 1, failedAt, 0)).toBe('2026-01-01T00:00:00.000Z');
    expect(nextAttemptAt(page, 1, failedAt, 0.5)).toBe('2026-01-01T00:00:02.500Z');
    expect(nextAttemptAt(page, 2, failedAt, 0.999999)).toBe('2026-01-01T00:00:15.000Z');
  });

  it('after the last attempt, none', () => {
    expect(nextAttemptAt(page, 5, failedAt, 0.5)).toBeNull();
    expect(nextAttemptAt(update, 5, failedAt, 0.5)).not.toBeNull();
    expect(nextAttemptAt(update, 6, failedAt, 0.5)).toBeNull();
  });
});
