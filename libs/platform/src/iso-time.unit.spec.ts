import { validateSync } from 'class-validator';
import { hasRealCalendarFields, IsZonedInstant, zonedInstant } from './iso-time';

class Timed {
  @IsZonedInstant() at?: unknown;
}

describe('ISO times from users: an impossible date is refused, never rolled forward', () => {
  it('reads an instant with its zone as UTC, a leap second as the second before', () => {
    expect(zonedInstant('2026-03-01T08:59:30Z')).toBe('2026-03-01T08:59:30.000Z');
    expect(zonedInstant('2026-03-01T10:59:30.5+02:00')).toBe('2026-03-01T08:59:30.500Z');
    expect(zonedInstant('2028-02-29T00:00:00Z')).toBe('2028-02-29T00:00:00.000Z');
    expect(zonedInstant('2016-12-31T23:59:60Z')).toBe('2016-12-31T23:59:59.000Z');
  });

  it('refuses a 30 February, a 29 February out of a leap year, a 31 April, a 25th hour, a 61st minute, a month 13 and a time without a zone', () => {
    for (const value of ['2026-02-30T00:32:43Z', '2026-02-29T00:00:00Z', '2026-04-31T00:00:00Z', '2026-03-01T24:00:00Z', '2026-03-01T25:00:00Z', '2026-03-01T10:61:00Z', '2026-13-01T00:00:00Z', '2026-00-10T00:00:00Z', '2026-03-01T10:00:00']) {
      expect([value, zonedInstant(value)]).toEqual([value, undefined]);
    }
  });

  it('checks the calendar fields of the looser forms senders use (a space, no seconds, a date alone)', () => {
    expect(hasRealCalendarFields('2015-07-17T08:42:58.315+0000')).toBe(true);
    expect(hasRealCalendarFields('2026-03-01 10:00')).toBe(true);
    expect(hasRealCalendarFields('2026-03-01')).toBe(true);
    expect(hasRealCalendarFields('2026-02-30 10:00')).toBe(false);
    expect(hasRealCalendarFields('2026-02-28T24:00:00Z')).toBe(false);
    expect(hasRealCalendarFields('last tuesday')).toBe(false);
  });

  it('is a validator naming the property', () => {
    const errors = validateSync(Object.assign(new Timed(), { at: '2026-02-30T00:32:43Z' }));
    expect(errors.map((e) => [e.property, Object.values(e.constraints ?? {})[0]])).toEqual([['at', expect.stringMatching(/^at must be an ISO 8601 date-time with a zone/)]]);
    expect(validateSync(Object.assign(new Timed(), { at: '2026-02-28T00:32:43Z' }))).toEqual([]);
  });
});
