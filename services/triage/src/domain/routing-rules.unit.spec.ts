import { ROUTING_DEFAULT, routeOf } from './routing-rules';

describe('routing-default v1', () => {
  it('a team label wins over the service', () => {
    expect(routeOf(ROUTING_DEFAULT, { labels: { team: 'payments', service: 'db' }, service: 'db' })).toMatchObject({
      team: 'payments',
      ruleId: 'routing-default/team-label',
      ruleVersion: 1,
      position: 1,
    });
  });

  it('without a team label, the service names the team', () => {
    expect(routeOf(ROUTING_DEFAULT, { labels: { service: 'db' }, service: 'db' })).toMatchObject({ team: 'db', ruleId: 'routing-default/service-team', position: 2 });
  });

  it('a blank team label does not count', () => {
    expect(routeOf(ROUTING_DEFAULT, { labels: { team: '  ' }, service: 'db' }).team).toBe('db');
  });

  it('anything else goes to operations', () => {
    expect(routeOf(ROUTING_DEFAULT, { labels: {} })).toMatchObject({ team: 'operations', ruleId: 'routing-default/fallback-operations', position: 3 });
  });
});
