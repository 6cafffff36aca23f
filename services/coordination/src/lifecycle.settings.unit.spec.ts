import { ConfigurationError, loadSettings } from '@linchpin/platform';
import { lifecycleSettings } from './lifecycle.settings';

describe('lifecycle settings', () => {
  it('defaults: an incident may be reopened for 1440 minutes (a day) after its resolution', () => {
    expect(loadSettings(lifecycleSettings, {})).toEqual({ reopenWindowMinutes: 1440 });
  });

  it('reads COORDINATION_REOPEN_WINDOW_MINUTES and refuses a bad value, naming the variable', () => {
    expect(loadSettings(lifecycleSettings, { COORDINATION_REOPEN_WINDOW_MINUTES: '60' })).toEqual({ reopenWindowMinutes: 60 });
    expect(() => loadSettings(lifecycleSettings, { COORDINATION_REOPEN_WINDOW_MINUTES: '0' })).toThrow(ConfigurationError);
  });
});
