import { DEFAULT_BUSINESS_HOURS, isOutOfHours } from './business-hours';

const berlin = { timezone: 'Europe/Berlin', days: ['mon', 'tue', 'wed', 'thu', 'fri'] as ('mon' | 'tue' | 'wed' | 'thu' | 'fri')[], start: '09:00', end: '18:00' };

describe('out of hours by a catalog service’s business hours', () => {
  it('reads the hours on their zone’s wall clock, daylight saving included; the start is in, the end out', () => {
    // Winter: Berlin is UTC+1.
    expect(isOutOfHours(berlin, '2026-11-02T08:00:00Z')).toBe(false); // 09:00 Monday
    expect(isOutOfHours(berlin, '2026-11-02T07:59:59Z')).toBe(true);
    expect(isOutOfHours(berlin, '2026-11-02T17:00:00Z')).toBe(true); // 18:00: the end is out
    // Summer: UTC+2, so 07:30 UTC is 09:30 in Berlin.
    expect(isOutOfHours(berlin, '2026-07-01T07:30:00Z')).toBe(false);
    expect(isOutOfHours(berlin, '2026-11-07T12:00:00Z')).toBe(true); // a Saturday
  });

  it('runs hours whose end is not after their start overnight, into the next day', () => {
    const nights = { timezone: 'UTC', days: ['fri'] as 'fri'[], start: '22:00', end: '06:00' };
    expect(isOutOfHours(nights, '2026-11-06T23:00:00Z')).toBe(false); // Friday night
    expect(isOutOfHours(nights, '2026-11-07T05:59:00Z')).toBe(false); // Saturday morning, still Friday's night
    expect(isOutOfHours(nights, '2026-11-07T06:00:00Z')).toBe(true);
    expect(isOutOfHours(nights, '2026-11-05T23:00:00Z')).toBe(true); // Thursday night
    expect(isOutOfHours({ ...nights, start: '00:00', end: '24:00', days: ['sat'] }, '2026-11-07T23:59:00Z')).toBe(false);
  });

  it('without hours known, counts against a working week in UTC', () => {
    expect(isOutOfHours(DEFAULT_BUSINESS_HOURS, '2026-11-02T09:00:00Z')).toBe(false);
    expect(isOutOfHours(DEFAULT_BUSINESS_HOURS, '2026-11-02T17:00:00Z')).toBe(true);
  });
});
