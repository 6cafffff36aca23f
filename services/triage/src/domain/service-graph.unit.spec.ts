import { BusinessHours, ServiceEntry, Tier } from './service-catalog.decider';
import { criticality, dependentsOf, isWithinBusinessHours } from './service-graph';

const service = (name: string, tier: Tier, dependsOn: string[] = []): ServiceEntry => ({
  name,
  tier,
  owningTeam: 'team',
  dependsOn,
  version: 1,
  registeredAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
});
const catalogOf = (...services: ServiceEntry[]) => new Map(services.map((s) => [s.name, s]));

// checkout (1) → payments-api (2) → payments-db (3); checkout → ledger (2) → payments-db;
// reports (3) → ledger; search (3) stands alone.
const shop = catalogOf(
  service('checkout', 1, ['payments-api', 'ledger']),
  service('payments-api', 2, ['payments-db']),
  service('ledger', 2, ['payments-db']),
  service('payments-db', 3),
  service('reports', 3, ['ledger']),
  service('search', 3),
);

describe('dependentsOf', () => {
  it('finds direct and transitive dependents, most critical first, each once with its shortest path', () => {
    expect(dependentsOf(shop, 'payments-db')).toEqual([
      { service: 'checkout', tier: 1, path: ['checkout', 'ledger', 'payments-db'] },
      { service: 'ledger', tier: 2, path: ['ledger', 'payments-db'] },
      { service: 'payments-api', tier: 2, path: ['payments-api', 'payments-db'] },
      { service: 'reports', tier: 3, path: ['reports', 'ledger', 'payments-db'] },
    ]);
  });

  it('is empty for a service nothing depends on, and for a name nobody knows', () => {
    expect(dependentsOf(shop, 'checkout')).toEqual([]);
    expect(dependentsOf(shop, 'search')).toEqual([]);
    expect(dependentsOf(shop, 'ghost')).toEqual([]);
  });

  it('ends on a cycle and never lists the service as its own dependent', () => {
    const ring = catalogOf(service('a', 3, ['b']), service('b', 2, ['c']), service('c', 1, ['a']));
    expect(dependentsOf(ring, 'a')).toEqual([
      { service: 'c', tier: 1, path: ['c', 'a'] },
      { service: 'b', tier: 2, path: ['b', 'c', 'a'] },
    ]);
    const loop = catalogOf(service('x', 2, ['y']), service('y', 2, ['x']));
    expect(dependentsOf(loop, 'x')).toEqual([{ service: 'y', tier: 2, path: ['y', 'x'] }]);
  });

  it('a dependency that was never registered still has the services that list it', () => {
    const catalog = catalogOf(service('checkout', 1, ['redis']));
    expect(dependentsOf(catalog, 'redis')).toEqual([{ service: 'checkout', tier: 1, path: ['checkout', 'redis'] }]);
  });

  it('a retired service (absent from the snapshot) no longer links its dependencies to its dependents', () => {
    const withoutApi = catalogOf(service('checkout', 1, ['payments-api']), service('payments-db', 3));
    expect(dependentsOf(withoutApi, 'payments-db')).toEqual([]);
  });
});

describe('criticality', () => {
  const chain = catalogOf(service('checkout', 1, ['payments-api']), service('payments-api', 2, ['payments-db']), service('payments-db', 3));

  it('a tier-3 database that tier-1 checkout needs through payments-api is tier 1, and says why', () => {
    expect(criticality(chain, ['payments-db'])).toEqual({
      tier: 1,
      via: { service: 'payments-db', dependent: 'checkout', path: ['checkout', 'payments-api', 'payments-db'] },
      reason: 'payments-db is a dependency of tier-1 service checkout (checkout → payments-api → payments-db)',
    });
  });

  it('a service with no more critical dependent keeps its own tier', () => {
    expect(criticality(chain, ['checkout'])).toEqual({ tier: 1, via: { service: 'checkout', path: ['checkout'] }, reason: 'checkout is a tier-1 service' });
    expect(criticality(shop, ['search'])).toEqual({ tier: 3, via: { service: 'search', path: ['search'] }, reason: 'search is a tier-3 service' });
  });

  it('on a tie, its own tier beats a dependent of the same tier', () => {
    const tie = catalogOf(service('api', 2), service('web', 2, ['api']));
    expect(criticality(tie, ['api'])).toMatchObject({ tier: 2, via: { service: 'api', path: ['api'] }, reason: 'api is a tier-2 service' });
  });

  it('takes the most critical relation among several services; on a tie the earlier one', () => {
    expect(criticality(shop, ['search', 'payments-db', 'reports'])).toMatchObject({ tier: 1, via: { service: 'payments-db', dependent: 'checkout' } });
    expect(criticality(shop, ['reports', 'search'])).toMatchObject({ tier: 3, via: { service: 'reports' } });
    expect(criticality(shop, ['search', 'reports'])).toMatchObject({ tier: 3, via: { service: 'search' } });
  });

  it('ignores names the catalog does not know', () => {
    expect(criticality(shop, ['ghost', 'search'])).toMatchObject({ tier: 3, via: { service: 'search' } });
    expect(criticality(shop, ['ghost'])).toEqual({ tier: undefined, reason: 'ghost is not in the service catalog' });
    expect(criticality(shop, ['ghost', 'phantom'])).toEqual({ tier: undefined, reason: 'none of ghost, phantom is in the service catalog' });
    expect(criticality(shop, [])).toEqual({ tier: undefined, reason: 'no service given' });
  });

  it('counts an unregistered dependency through the services that list it', () => {
    const catalog = catalogOf(service('checkout', 1, ['redis']));
    expect(criticality(catalog, ['redis'])).toMatchObject({ tier: 1, reason: 'redis is a dependency of tier-1 service checkout (checkout → redis)' });
  });

  it('is finite on a cycle', () => {
    const ring = catalogOf(service('a', 3, ['b']), service('b', 4, ['a']));
    expect(criticality(ring, ['b'])).toMatchObject({ tier: 3, via: { service: 'b', dependent: 'a', path: ['a', 'b'] } });
  });
});

describe('isWithinBusinessHours', () => {
  const berlin: BusinessHours = { timezone: 'Europe/Berlin', days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '17:30' };

  it.each([
    // 2 March 2026 is a Monday; Berlin is UTC+1 in winter.
    ['2026-03-02T07:59:59.000Z', false, 'Monday 08:59:59 local'],
    ['2026-03-02T08:00:00.000Z', true, 'Monday 09:00 local: the start is included'],
    ['2026-03-02T16:29:59.000Z', true, 'Monday 17:29:59 local'],
    ['2026-03-02T16:30:00.000Z', false, 'Monday 17:30 local: the end is excluded'],
    ['2026-03-02T09:00:00+01:00', true, 'an instant written with an offset'],
    ['2026-03-07T10:00:00.000Z', false, 'Saturday 11:00 local'],
  ])('Berlin weekdays 09:00–17:30 at %s: %s (%s)', (at, within) => {
    expect(isWithinBusinessHours(berlin, at)).toBe(within);
  });

  it('reads the wall clock across a daylight-saving change (Berlin moves to UTC+2 on 29 March 2026)', () => {
    expect(isWithinBusinessHours(berlin, '2026-03-27T07:30:00.000Z')).toBe(false); // Friday 08:30 CET
    expect(isWithinBusinessHours(berlin, '2026-03-30T07:30:00.000Z')).toBe(true); // Monday 09:30 CEST
    expect(isWithinBusinessHours(berlin, '2026-03-30T15:30:00.000Z')).toBe(false); // Monday 17:30 CEST
  });

  it('takes the weekday in the zone, not in UTC', () => {
    const auckland: BusinessHours = { timezone: 'Pacific/Auckland', days: ['mon'], start: '09:00', end: '17:00' };
    // Sunday evening in UTC is Monday morning in Auckland (UTC+13 in March).
    expect(isWithinBusinessHours(auckland, '2026-03-01T20:30:00.000Z')).toBe(true);
    expect(isWithinBusinessHours(auckland, '2026-03-02T20:30:00.000Z')).toBe(false);
    const losAngeles: BusinessHours = { timezone: 'America/Los_Angeles', days: ['fri'], start: '09:00', end: '17:00' };
    // Saturday 00:30 UTC is Friday 16:30 in Los Angeles (UTC-8 until 8 March).
    expect(isWithinBusinessHours(losAngeles, '2026-03-07T00:30:00.000Z')).toBe(true);
  });

  it.each([
    ['2026-03-06T21:59:00.000Z', false, 'Friday 21:59'],
    ['2026-03-06T22:00:00.000Z', true, 'Friday 22:00'],
    ['2026-03-07T05:59:00.000Z', true, 'Saturday 05:59, still Friday night'],
    ['2026-03-07T06:00:00.000Z', false, 'Saturday 06:00'],
    ['2026-03-07T23:00:00.000Z', false, 'Saturday 23:00 (Saturday is not listed)'],
    ['2026-03-06T03:00:00.000Z', false, 'Friday 03:00, the end of Thursday night (Thursday is not listed)'],
  ])('overnight hours Friday 22:00–06:00 UTC at %s: %s (%s)', (at, within) => {
    expect(isWithinBusinessHours({ timezone: 'UTC', days: ['fri'], start: '22:00', end: '06:00' }, at)).toBe(within);
  });

  it('an end of 24:00 covers the whole last minute of the day and no more', () => {
    const saturday: BusinessHours = { timezone: 'UTC', days: ['sat'], start: '00:00', end: '24:00' };
    expect(isWithinBusinessHours(saturday, '2026-03-07T00:00:00.000Z')).toBe(true);
    expect(isWithinBusinessHours(saturday, '2026-03-07T23:59:59.999Z')).toBe(true);
    expect(isWithinBusinessHours(saturday, '2026-03-08T00:00:00.000Z')).toBe(false);
  });

  it('refuses a time it cannot read', () => {
    expect(() => isWithinBusinessHours(berlin, 'yesterday')).toThrow(RangeError);
  });
});
