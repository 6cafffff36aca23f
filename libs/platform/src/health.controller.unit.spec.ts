import { busChecks } from './health.controller';

describe('readiness of the bus and its consumer groups', () => {
  it('is up when connected and every group is in and caught up', () => {
    const groups = [{ group: 'triage', status: 'up' as const, state: 'caught-up' as const, lag: 0 }];
    expect(busChecks({ connected: true, consumers: groups })).toEqual({ bus: { status: 'up' }, consumers: { status: 'up', groups } });
  });

  it('names each group that is down and why, apart from the connection', () => {
    const groups = [
      { group: 'detection', status: 'down' as const, state: 'joining' as const, reason: 'joining' },
      { group: 'review', status: 'down' as const, state: 'catching-up' as const, lag: 12, reason: 'lag 12' },
      { group: 'triage', status: 'up' as const, state: 'caught-up' as const, lag: 3 },
    ];
    expect(busChecks({ connected: true, consumers: groups })).toEqual({
      bus: { status: 'up' },
      consumers: { status: 'down', error: 'detection: joining; review: lag 12', groups },
    });
  });

  it('says the bus is down with its error, and holds no group when there is none', () => {
    expect(busChecks({ connected: false, error: 'Connection timeout', consumers: [] })).toEqual({
      bus: { status: 'down', error: 'Connection timeout' },
      consumers: { status: 'up', groups: [] },
    });
  });
});
