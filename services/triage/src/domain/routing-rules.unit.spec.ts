import { canonicalRules, ROUTING_DEFAULT, routeOf, RoutingRule, RoutingRuleSet, validateRuleSet } from './routing-rules';

describe('routing-default v1', () => {
  it('a team label wins over the service', () => {
    expect(routeOf(ROUTING_DEFAULT, { labels: { team: 'payments', service: 'db' }, service: 'db' })).toEqual({
      team: 'payments',
      ruleId: 'routing-default/team-label',
      ruleVersion: 1,
      because: 'label team="payments"',
      position: 1,
    });
  });

  it('without a team label, the service names the team', () => {
    expect(routeOf(ROUTING_DEFAULT, { labels: { service: 'db' }, service: 'db' })).toMatchObject({
      team: 'db',
      ruleId: 'routing-default/service-team',
      because: 'service "db" is owned by the team of the same name',
      position: 2,
    });
  });

  it('a blank team label does not count', () => {
    expect(routeOf(ROUTING_DEFAULT, { labels: { team: '  ' }, service: 'db' }).team).toBe('db');
  });

  it('anything else goes to operations, with no escalation policy', () => {
    const route = routeOf(ROUTING_DEFAULT, { labels: {} });
    expect(route).toMatchObject({ team: 'operations', ruleId: 'routing-default/fallback-operations', ruleVersion: 1, position: 3 });
    expect(route).not.toHaveProperty('escalationPolicy');
  });

  it('ignores the catalog owner, source and title (v1 behaves as before)', () => {
    const input = { labels: {}, service: 'db', source: 'grafana', title: 'db down', catalogOwner: { team: 'dba', escalationPolicy: 'dba-p' } };
    expect(routeOf(ROUTING_DEFAULT, input)).toMatchObject({ team: 'db', ruleId: 'routing-default/service-team' });
  });

  it('is itself a valid rule set', () => {
    expect(validateRuleSet(ROUTING_DEFAULT)).toEqual([]);
  });
});

const setOf = (rules: RoutingRule[], defaultRoute: RoutingRuleSet['defaultRoute'] = { team: 'ops', escalationPolicy: 'ops-default' }): RoutingRuleSet => ({
  id: 'routing-default',
  version: 4,
  rules,
  defaultRoute,
});
const fixed = (id: string, when: RoutingRule['when'], team = id): RoutingRule => ({ id, when, route: { team } });

describe('rules as data', () => {
  const base = { labels: { env: 'prod', cluster: 'eu-1' }, service: 'checkout', source: 'prometheus', title: 'Checkout DB connection pool exhausted' };

  it.each<[string, RoutingRule['when'], string]>([
    ['service in the list', { services: ['search', 'checkout'] }, 'service "checkout"'],
    ['every label equal', { labels: { cluster: 'eu-1', env: 'prod' } }, 'label cluster="eu-1"; label env="prod"'],
    ['source in the list', { sources: ['grafana', 'prometheus'] }, 'source "prometheus"'],
    ['title matches, ignoring case', { text: 'db connection' }, 'title matches /db connection/i'],
  ])('a rule applies when its condition holds: %s', (_name, when, because) => {
    expect(routeOf(setOf([fixed('r', when)]), base)).toMatchObject({ team: 'r', ruleId: 'routing-default/r', ruleVersion: 4, position: 1, because });
  });

  it.each<[string, RoutingRule['when'], Partial<typeof base>]>([
    ['service not in the list', { services: ['search'] }, {}],
    ['no service at all', { services: ['checkout'] }, { service: undefined }],
    ['a label differs (exact, case-sensitive)', { labels: { env: 'Prod' } }, {}],
    ['a label is missing', { labels: { team: 'x' } }, {}],
    ['source not in the list', { sources: ['grafana'] }, {}],
    ['title does not match', { text: '^disk' }, {}],
    ['no title', { text: 'db' }, { title: undefined }],
  ])('a rule does not apply when: %s', (_name, when, over) => {
    expect(routeOf(setOf([fixed('r', when)]), { ...base, ...over })).toMatchObject({ team: 'ops', ruleId: 'routing-default/fallback-ops', position: 2 });
  });

  it('a title pattern that backtracks exponentially on RegExp is decided in linear time, correctly', () => {
    const rules = setOf([fixed('r', { text: '(a+)+$' })]);
    expect(routeOf(rules, { ...base, title: `${'a'.repeat(1023)}!` })).toMatchObject({ team: 'ops', position: 2 });
    expect(routeOf(rules, { ...base, title: 'A'.repeat(1024) })).toMatchObject({ team: 'r', position: 1 });
  });

  it('every condition of a rule must hold', () => {
    const when = { services: ['checkout'], labels: { env: 'prod' }, sources: ['prometheus'], text: 'pool' };
    expect(routeOf(setOf([fixed('all', when)]), base)).toMatchObject({
      team: 'all',
      because: 'service "checkout"; label env="prod"; source "prometheus"; title matches /pool/i',
    });
    expect(routeOf(setOf([fixed('all', { ...when, sources: ['grafana'] })]), base).team).toBe('ops');
  });

  it('the first rule that applies wins, in order', () => {
    const rules = [fixed('search', { services: ['search'] }), fixed('prod', { labels: { env: 'prod' } }), fixed('checkout', { services: ['checkout'] })];
    expect(routeOf(setOf(rules), base)).toMatchObject({ team: 'prod', position: 2 });
    expect(routeOf(setOf([rules[2], rules[1]]), base)).toMatchObject({ team: 'checkout', position: 1 });
  });

  it('a rule without conditions applies to every incident', () => {
    expect(routeOf(setOf([fixed('all', {})]), { labels: {} })).toMatchObject({ team: 'all', because: 'the rule applies to every incident' });
  });

  it('the default route takes what no rule applies to, with its escalation policy', () => {
    expect(routeOf(setOf([fixed('search', { services: ['search'] })]), base)).toEqual({
      team: 'ops',
      escalationPolicy: 'ops-default',
      ruleId: 'routing-default/fallback-ops',
      ruleVersion: 4,
      because: 'no rule applied',
      position: 2,
    });
    expect(routeOf(setOf([]), base)).toMatchObject({ team: 'ops', because: 'the rule set has no rules', position: 1 });
  });

  it("a rule's escalation policy passes through to the route", () => {
    const rule: RoutingRule = { id: 'dba', when: { text: 'db' }, route: { team: 'dba', escalationPolicy: 'dba-critical' } };
    expect(routeOf(setOf([rule]), base)).toMatchObject({ team: 'dba', escalationPolicy: 'dba-critical' });
    expect(routeOf(setOf([fixed('dba', { text: 'db' })]), base)).not.toHaveProperty('escalationPolicy');
  });

  it('a team from a label: its value, and the rule is skipped when the label is absent or blank', () => {
    const rules: RoutingRule[] = [{ id: 'owner', when: {}, route: { teamFromLabel: 'owner', escalationPolicy: 'by-owner' } }];
    expect(routeOf(setOf(rules), { ...base, labels: { owner: ' growth ' } })).toMatchObject({
      team: 'growth',
      escalationPolicy: 'by-owner',
      because: 'label owner="growth"',
    });
    expect(routeOf(setOf(rules), { ...base, labels: { owner: '' } }).team).toBe('ops');
    expect(routeOf(setOf(rules), base).team).toBe('ops');
  });

  describe('the catalog owner', () => {
    const catalog: RoutingRule = { id: 'catalog-owner', when: {}, route: { teamFromCatalog: true } };
    const owner = { team: 'payments', escalationPolicy: 'payments-oncall' };

    it("routes to the owner the caller looked up, with the owner's escalation policy", () => {
      expect(routeOf(setOf([catalog]), { ...base, catalogOwner: owner })).toMatchObject({
        team: 'payments',
        escalationPolicy: 'payments-oncall',
        ruleId: 'routing-default/catalog-owner',
        because: 'the service catalog names team "payments" owner of service "checkout"',
      });
    });

    it("the rule's own escalation policy wins over the owner's", () => {
      const rule: RoutingRule = { ...catalog, route: { teamFromCatalog: true, escalationPolicy: 'night-shift' } };
      expect(routeOf(setOf([rule]), { ...base, catalogOwner: owner }).escalationPolicy).toBe('night-shift');
    });

    it('a service not in the catalog falls through to the next rule', () => {
      expect(routeOf(setOf([catalog, fixed('next', {})]), base)).toMatchObject({ team: 'next', position: 2 });
    });
  });
});

describe('validateRuleSet', () => {
  const fields = (rules: unknown[], defaultRoute: unknown = { team: 'ops' }) => validateRuleSet({ rules, defaultRoute }).map((e) => e.field);

  it('accepts rules using every condition and every team source', () => {
    const rules: RoutingRule[] = [
      { id: 'a', description: 'x', when: { services: ['s'], labels: { env: 'prod' }, sources: ['grafana'], text: '^db\\b' }, route: { team: 't', escalationPolicy: 'p' } },
      { id: 'b', when: {}, route: { teamFromLabel: 'team' } },
      { id: 'c', when: {}, route: { teamFromCatalog: true } },
      { id: 'd', when: {}, route: { teamFromService: true } },
    ];
    expect(validateRuleSet({ rules, defaultRoute: { team: 'ops', escalationPolicy: 'ops' } })).toEqual([]);
  });

  it('names a duplicate id, pointing at the first', () => {
    const errors = validateRuleSet({ rules: [fixed('a', {}), fixed('b', {}), fixed('a', {})], defaultRoute: { team: 'ops' } });
    expect(errors).toEqual([{ field: 'rules.2.id', reason: '"a" is already the id of rules.0' }]);
  });

  it.each([['has space'], [''], ['a/b'], ['fallback-ops'], ['x'.repeat(65)]])('refuses the id %j', (id) => {
    expect(fields([fixed(id, {}, 'team')])).toEqual(['rules.0.id']);
  });

  it('names a title pattern that does not compile', () => {
    const errors = validateRuleSet({ rules: [fixed('a', { text: '(unclosed' })], defaultRoute: { team: 'ops' } });
    expect(errors.map((e) => e.field)).toEqual(['rules.0.when.text']);
    expect(errors[0].reason).toMatch(/^is not a valid regular expression/);
  });

  it('names a title pattern that needs a backtracking engine, saying why', () => {
    const errors = validateRuleSet({ rules: [fixed('a', { text: '(db)-\\1' })], defaultRoute: { team: 'ops' } });
    expect(errors).toEqual([{ field: 'rules.0.when.text', reason: expect.stringContaining('uses a backreference') }]);
  });

  it.each<[string, unknown]>([
    ['no team source', {}],
    ['two team sources', { team: 'a', teamFromLabel: 'team' }],
    ['only an escalation policy', { escalationPolicy: 'p' }],
  ])('a route needs exactly one team source: %s', (_name, route) => {
    expect(fields([{ id: 'a', when: {}, route }])).toEqual(['rules.0.route']);
  });

  it('counts only team sources that are given (undefined fields from a request body do not count)', () => {
    expect(fields([{ id: 'a', when: {}, route: { team: 'a', teamFromLabel: undefined, teamFromCatalog: undefined } }])).toEqual([]);
  });

  it.each<[string, unknown, string]>([
    ['a blank team', { team: ' ' }, 'rules.0.route.team'],
    ['a blank label name', { teamFromLabel: '' }, 'rules.0.route.teamFromLabel'],
    ['teamFromCatalog false', { teamFromCatalog: false }, 'rules.0.route.teamFromCatalog'],
    ['a blank escalation policy', { team: 'a', escalationPolicy: '' }, 'rules.0.route.escalationPolicy'],
  ])('names %s', (_name, route, field) => {
    expect(fields([{ id: 'a', when: {}, route }])).toContain(field);
  });

  it.each<[string, unknown, string]>([
    ['an empty service list', { services: [] }, 'rules.0.when.services'],
    ['a blank source', { sources: ['grafana', ' '] }, 'rules.0.when.sources.1'],
    ['a label value that is not a string', { labels: { env: 1 } }, 'rules.0.when.labels.env'],
    ['a missing when', undefined, 'rules.0.when'],
  ])('names %s', (_name, when, field) => {
    expect(fields([{ id: 'a', when, route: { team: 'a' } }])).toEqual([field]);
  });

  it('needs a default team', () => {
    expect(fields([], { team: '' })).toEqual(['defaultRoute.team']);
    expect(validateRuleSet({ rules: [], defaultRoute: undefined }).map((e) => e.field)).toEqual(['defaultRoute']);
  });
});

describe('canonicalRules', () => {
  it('drops absent fields and orders labels, so equal rules compare equal as JSON', () => {
    const messy = { id: 'a', description: undefined, when: { labels: { b: '2', a: '1' }, services: undefined }, route: { team: 't', teamFromLabel: undefined } };
    expect(JSON.stringify(canonicalRules([messy as unknown as RoutingRule]))).toBe(
      JSON.stringify([{ id: 'a', when: { labels: { a: '1', b: '2' } }, route: { team: 't' } }]),
    );
  });
});
