import { UsageError } from './errors';
import { timeOption } from './commands';

describe('the CLI’s --at, --from and --to', () => {
  it('takes an ISO 8601 time with a zone', () => {
    expect(timeOption('at', '2026-11-03T10:00:00+01:00').toISOString()).toBe('2026-11-03T09:00:00.000Z');
  });

  it('refuses an impossible date or hour rather than rolling it forward (30 February is not 2 March)', () => {
    for (const value of ['2026-02-30T00:32:43Z', '2026-11-03T24:00:00Z', 'yesterday', '2026-11-03T10:00:00']) {
      expect(() => timeOption('from', value)).toThrow(UsageError);
    }
    expect(() => timeOption('to', '2026-02-30T00:32:43Z')).toThrow(/--to must be an ISO 8601 date-time/);
  });
});
