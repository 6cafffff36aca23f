import { ConfigurationError, loadSettings } from '@linchpin/platform';
import { coordinationSettings } from './coordination.settings';

describe('coordination settings', () => {
  it('defaults: 15 minutes between the levels of a legacy team’s default policy', () => {
    expect(loadSettings(coordinationSettings, {})).toEqual({ defaultEscalationMinutes: 15 });
  });

  it('reads COORDINATION_DEFAULT_ESCALATION_MINUTES', () => {
    expect(loadSettings(coordinationSettings, { COORDINATION_DEFAULT_ESCALATION_MINUTES: '5' })).toEqual({ defaultEscalationMinutes: 5 });
  });

  it('refuses to start on a value outside 1..1440, naming the variable', () => {
    for (const value of ['0', '1441', '15m']) {
      let error: unknown;
      try {
        loadSettings(coordinationSettings, { COORDINATION_DEFAULT_ESCALATION_MINUTES: value });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ConfigurationError);
      expect((error as ConfigurationError).problems).toEqual([{ variable: 'COORDINATION_DEFAULT_ESCALATION_MINUTES', reason: 'must be an integer from 1 to 1440 (minutes)', value }]);
    }
  });
});
