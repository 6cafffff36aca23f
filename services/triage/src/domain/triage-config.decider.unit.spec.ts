import { DomainError, given } from '@linchpin/eventsourcing';
import { ITIL_DEFAULT_MATRIX, Priority } from './priority-matrix';
import { ROUTING_DEFAULT, RoutingRule } from './routing-rules';
import { PriorityMatrixVersioned, PriorityMatrixVersionedEvent, priorityMatrixDecider, RoutingRulesVersioned, RoutingRulesVersionedEvent, routingRulesDecider, VersionPriorityMatrix, VersionRoutingRules } from './triage-config.decider';
import { PRIORITY_MATRIX_STREAM, ROUTING_RULES_STREAM } from './streams';

const context = { actor: 'user:alice', causationId: 'request-1', occurredAt: '2026-03-02T09:00:00.000Z' };
const id = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

const cellsWith = (impact: number, urgency: number, priority: Priority): Priority[][] =>
  ITIL_DEFAULT_MATRIX.cells.map((row, i) => row.map((cell, j) => (i === impact - 1 && j === urgency - 1 ? priority : cell)));

/** 4 × 3 was P5: a minor issue of medium urgency now reaches the work queue. */
const TIGHTER = cellsWith(4, 3, 'P4');

const versionMatrix = (n: number, over: Partial<VersionPriorityMatrix> = {}): VersionPriorityMatrix => ({
  type: 'VersionPriorityMatrix',
  eventId: id(n),
  cells: TIGHTER,
  context,
  ...over,
});

const matrixVersioned = (version: number, cells: Priority[][]): PriorityMatrixVersionedEvent =>
  PriorityMatrixVersioned.create(id(100 + version), { id: 'itil-default', version, cells }, { ...context, correlationId: context.causationId });

describe('priority matrix decider', () => {
  it('streams are named <category>-<id>', () => {
    expect([PRIORITY_MATRIX_STREAM, ROUTING_RULES_STREAM]).toEqual(['priorityMatrix-default', 'routingRules-default']);
  });

  it('starts from the built-in itil-default v1', () => {
    expect(given(priorityMatrixDecider).state()).toEqual({ status: 'built-in', matrix: ITIL_DEFAULT_MATRIX });
  });

  it('the first change is version 2 of itil-default, with its reason and who made it', () => {
    // then() asserts the command was accepted before handing over the events
    given(priorityMatrixDecider)
      .when(versionMatrix(1, { reason: 'minor medium issues were forgotten' }))
      .then((events) => {
        expect(events).toHaveLength(1);
        expect(events[0]).toMatchObject({
          id: id(1),
          type: 'PriorityMatrixVersioned',
          data: { id: 'itil-default', version: 2, cells: TIGHTER, reason: 'minor medium issues were forgotten' },
          metadata: { actor: 'user:alice', causationId: 'request-1', correlationId: 'request-1', occurredAt: context.occurredAt },
        });
        expect(PriorityMatrixVersioned.validate(events[0].data)).toEqual([]);
      });
  });

  it('each change is the next version', () => {
    given(priorityMatrixDecider, [matrixVersioned(2, TIGHTER)])
      .when(versionMatrix(2, { cells: cellsWith(1, 4, 'P2') }))
      .then((events) => {
        expect(events.map((e) => e.data.version)).toEqual([3]);
        expect(events[0].data).not.toHaveProperty('reason');
      });
  });

  it('the current cells again are not a new version', () => {
    given(priorityMatrixDecider).when(versionMatrix(1, { cells: ITIL_DEFAULT_MATRIX.cells })).then([]);
    given(priorityMatrixDecider, [matrixVersioned(2, TIGHTER)]).when(versionMatrix(2)).then([]);
  });

  it('going back to the default cells is a new version (history only moves forward)', () => {
    given(priorityMatrixDecider, [matrixVersioned(2, TIGHTER)])
      .when(versionMatrix(2, { cells: ITIL_DEFAULT_MATRIX.cells }))
      .then((events) => {
        expect(events[0].data).toMatchObject({ version: 3, cells: ITIL_DEFAULT_MATRIX.cells });
      });
  });

  it('refuses cells that are not monotone, naming the cell', () => {
    const outcome = given(priorityMatrixDecider).when(versionMatrix(1, { cells: cellsWith(4, 1, 'P1') }));
    expect(outcome.events).toEqual([]);
    expect(outcome.thenThrows(DomainError)).toMatchObject({ code: 'priority-matrix-invalid', field: 'cells.3.0' });
  });

  it('refuses a value that is not a priority, naming the cell', () => {
    const cells = ITIL_DEFAULT_MATRIX.cells.map((row) => [...row] as string[]);
    cells[0][1] = 'urgent';
    expect(given(priorityMatrixDecider).when(versionMatrix(1, { cells })).thenThrows(DomainError)).toMatchObject({
      code: 'priority-matrix-invalid',
      field: 'cells.0.1',
    });
  });

  it('refuses a change based on a version that is no longer current', () => {
    const history = [matrixVersioned(2, TIGHTER)];
    const error = given(priorityMatrixDecider, history)
      .when(versionMatrix(2, { cells: cellsWith(1, 4, 'P2'), basedOnVersion: 1 }))
      .thenThrows(DomainError);
    expect(error).toMatchObject({ code: 'priority-matrix-stale', field: 'basedOnVersion' });
    expect(error.message).toBe('the priority matrix was edited from version 1, but version 2 has been published since');
    given(priorityMatrixDecider, history)
      .when(versionMatrix(2, { cells: cellsWith(1, 4, 'P2'), basedOnVersion: 2 }))
      .then((events) => expect(events).toHaveLength(1));
  });

  it('folds to the newest version', () => {
    const state = given(priorityMatrixDecider, [matrixVersioned(2, TIGHTER), matrixVersioned(3, ITIL_DEFAULT_MATRIX.cells.map((r) => [...r]))]).state();
    expect(state).toEqual({ status: 'versioned', matrix: { id: 'itil-default', version: 3, cells: ITIL_DEFAULT_MATRIX.cells } });
  });
});

const DBA: RoutingRule = { id: 'dba', description: 'database alerts', when: { text: 'database|db ' }, route: { team: 'dba', escalationPolicy: 'dba-critical' } };
const CATALOG: RoutingRule = { id: 'catalog-owner', when: {}, route: { teamFromCatalog: true } };

const versionRules = (n: number, over: Partial<VersionRoutingRules> = {}): VersionRoutingRules => ({
  type: 'VersionRoutingRules',
  eventId: id(n),
  rules: [ROUTING_DEFAULT.rules[0], DBA, CATALOG],
  defaultRoute: { team: 'operations', escalationPolicy: 'ops-default' },
  context,
  ...over,
});

const rulesVersioned = (version: number, rules: RoutingRule[], defaultRoute = { team: 'operations' }): RoutingRulesVersionedEvent =>
  RoutingRulesVersioned.create(id(200 + version), { id: 'routing-default', version, rules, defaultRoute }, { ...context, correlationId: context.causationId });

describe('routing rules decider', () => {
  it('starts from the built-in routing-default v1', () => {
    expect(given(routingRulesDecider).state()).toEqual({ status: 'built-in', rules: ROUTING_DEFAULT });
  });

  it('the first change is version 2 of routing-default, stored as plain data', () => {
    // then() asserts the command was accepted before handing over the events
    given(routingRulesDecider)
      .when(versionRules(1, { reason: 'catalog is live' }))
      .then((events) => {
        expect(events.map((e) => e.type)).toEqual(['RoutingRulesVersioned']);
        expect(events[0].data).toEqual({
          id: 'routing-default',
          version: 2,
          rules: [
            { id: 'team-label', description: 'the alert names its team in label "team"', when: {}, route: { teamFromLabel: 'team' } },
            DBA,
            CATALOG,
          ],
          defaultRoute: { team: 'operations', escalationPolicy: 'ops-default' },
          reason: 'catalog is live',
        });
        expect(RoutingRulesVersioned.validate(events[0].data)).toEqual([]);
      });
  });

  it('each change is the next version', () => {
    given(routingRulesDecider, [rulesVersioned(2, [DBA])])
      .when(versionRules(2))
      .then((events) => {
        expect(events.map((e) => e.data.version)).toEqual([3]);
      });
  });

  it('the same rules again, with labels in another order or absent fields spelled out, are not a new version', () => {
    const labelled: RoutingRule = { id: 'prod', when: { labels: { env: 'prod', tier: '1' } }, route: { team: 'sre' } };
    const history = [rulesVersioned(2, [labelled])];
    const again = { id: 'prod', description: undefined, when: { labels: { tier: '1', env: 'prod' }, services: undefined }, route: { team: 'sre', teamFromLabel: undefined } };
    given(routingRulesDecider, history)
      .when(versionRules(2, { rules: [again as unknown as RoutingRule], defaultRoute: { team: 'operations' } }))
      .then([]);
  });

  it('the built-in rules again are not a new version', () => {
    given(routingRulesDecider).when(versionRules(1, { rules: ROUTING_DEFAULT.rules, defaultRoute: ROUTING_DEFAULT.defaultRoute })).then([]);
  });

  it('a new default route alone is a new version', () => {
    given(routingRulesDecider, [rulesVersioned(2, [DBA])])
      .when(versionRules(2, { rules: [DBA], defaultRoute: { team: 'noc' } }))
      .then((events) => {
        expect(events[0].data).toMatchObject({ version: 3, defaultRoute: { team: 'noc' } });
      });
  });

  it.each<[string, Partial<VersionRoutingRules>, string]>([
    ['a duplicate id', { rules: [DBA, { ...DBA }] }, 'rules.1.id'],
    ['a pattern that does not compile', { rules: [{ ...DBA, when: { text: '[db' } }] }, 'rules.0.when.text'],
    ['two team sources', { rules: [{ ...DBA, route: { team: 'dba', teamFromCatalog: true } as unknown as RoutingRule['route'] }] }, 'rules.0.route'],
    ['no default team', { defaultRoute: { team: '' } }, 'defaultRoute.team'],
  ])('refuses %s, naming the field', (_name, over, field) => {
    const outcome = given(routingRulesDecider).when(versionRules(1, over));
    expect(outcome.events).toEqual([]);
    expect(outcome.thenThrows(DomainError)).toMatchObject({ code: 'routing-rules-invalid', field });
  });

  it('refuses a change based on a version that is no longer current', () => {
    expect(given(routingRulesDecider, [rulesVersioned(2, [DBA])]).when(versionRules(2, { basedOnVersion: 1 })).thenThrows(DomainError)).toMatchObject({
      code: 'routing-rules-stale',
      field: 'basedOnVersion',
    });
  });

  it('folds to the newest version', () => {
    const state = given(routingRulesDecider, [rulesVersioned(2, [DBA]), rulesVersioned(3, [CATALOG], { team: 'noc' })]).state();
    expect(state).toEqual({ status: 'versioned', rules: { id: 'routing-default', version: 3, rules: [CATALOG], defaultRoute: { team: 'noc' } } });
  });
});
