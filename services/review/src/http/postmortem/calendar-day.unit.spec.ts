import { isCalendarDay } from './calendar-day';

describe("isCalendarDay (an action item's due date)", () => {
  it.each(['2026-12-15', '2028-02-29', '2000-02-29', '0023-10-15', '0000-01-01', '9999-12-31'])('takes %s', (day) => {
    expect(isCalendarDay(day)).toBe(true);
  });

  it.each(['2026-02-30', '2027-02-29', '1900-02-29', '2026-13-01', '2026-00-10', '2026-04-31', '15/03/2026', '2026-3-1', 20261215, null])('refuses %s', (day) => {
    expect(isCalendarDay(day)).toBe(false);
  });
});
