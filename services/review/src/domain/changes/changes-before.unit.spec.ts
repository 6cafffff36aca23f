import { ServiceVersion } from '../catalog/catalog.decider';
import { changesBefore } from './changes-before';
import { KnownChange } from './known-change';

const start = '2026-03-03T12:00:00.000Z';
const hoursBefore = (h: number) => new Date(Date.parse(start) - h * 3_600_000).toISOString();
let n = 0;

const change = (services: string[], happened: string, over: Partial<KnownChange> = {}): KnownChange => ({
  changeId: `c-${++n}`,
  sourceEventId: `s-${n}`,
  recordedAt: happened,
  actor: 'integration:ci',
  services,
  integrationId: null,
  summary: `deploy ${services.join(',')} #${n}`,
  timestamp: happened,
  receivedAt: happened,
  source: 'ci',
  customDetails: null,
  customDetailsTruncated: false,
  links: [],
  ...over,
});
const catalog = (name: string, dependsOn: string[] | null, revision: number, occurredAt = hoursBefore(100)): ServiceVersion => ({
  name,
  sourceEventId: `cat-${name}-${revision}`,
  sourceRevision: revision,
  heardFrom: dependsOn ? 'ServiceRegistered' : 'ServiceRetired',
  occurredAt,
  recordedAt: occurredAt,
  fact: dependsOn ? { kind: 'listed', owningTeam: 'payments', businessHours: null, dependsOn } : { kind: 'retired' },
});

describe('changesBefore: the changes to an incident’s services and their dependencies in the window before it', () => {
  const cat = [catalog('checkout', ['payments'], 0), catalog('payments', ['ledger-db'], 0), catalog('ledger-db', [], 0), catalog('search', [], 0)];

  it('shows the impacted service’s and its (transitive) dependencies’ changes in the window, newest first, and nothing else', () => {
    const own = change(['checkout'], hoursBefore(1));
    const dep = change(['payments'], hoursBefore(2));
    const deep = change(['ledger-db'], hoursBefore(3));
    const other = change(['search'], hoursBefore(1));
    const tooOld = change(['payments'], hoursBefore(25));
    const after = change(['checkout'], '2026-03-03T12:00:01.000Z');
    const shown = changesBefore({ changes: [tooOld, deep, other, dep, own, after], catalog: cat, windowHours: 24, services: ['checkout'], incidentStart: start });
    expect(shown.map((c) => [c.changeId, c.relation, c.via])).toEqual([
      [own.changeId, 'impacted', ['checkout']],
      [dep.changeId, 'dependency', ['checkout', 'payments']],
      [deep.changeId, 'dependency', ['checkout', 'payments', 'ledger-db']],
    ]);
    expect(changesBefore({ changes: [tooOld], catalog: cat, windowHours: 26, services: ['checkout'], incidentStart: start })).toHaveLength(1);
  });

  it('measures by the sender’s timestamp, else when received; shows a change naming several services once, by its closest relation', () => {
    const late = change(['payments', 'checkout'], hoursBefore(1), { timestamp: null, receivedAt: hoursBefore(1) });
    const shown = changesBefore({ changes: [late], catalog: cat, windowHours: 24, services: ['Checkout'], incidentStart: start });
    expect(shown).toEqual([expect.objectContaining({ changeId: late.changeId, at: hoursBefore(1), service: 'checkout', relation: 'impacted', via: ['checkout'] })]);
  });

  it('follows the catalog as it stood at the incident’s start: a dependency added later, or one retired before, does not count', () => {
    const history = [
      catalog('checkout', ['payments'], 0),
      catalog('checkout', ['payments', 'search'], 1, '2026-03-03T13:00:00.000Z'),
      catalog('payments', ['ledger-db'], 0),
      catalog('payments', null, 1, hoursBefore(5)),
    ];
    const changes = [change(['search'], hoursBefore(1)), change(['ledger-db'], hoursBefore(1)), change(['payments'], hoursBefore(1))];
    expect(changesBefore({ changes, catalog: history, windowHours: 24, services: ['checkout'], incidentStart: start }).map((c) => c.service)).toEqual(['payments']);
  });

  it('with knownAt, only what review had recorded by then; cycles in the catalog end', () => {
    const cyclic = [catalog('a', ['b'], 0), catalog('b', ['a'], 0)];
    const reportedLate = change(['b'], hoursBefore(2), { recordedAt: '2026-03-03T12:30:00.000Z' });
    const input = { changes: [reportedLate], catalog: cyclic, windowHours: 24, services: ['a'], incidentStart: start };
    expect(changesBefore({ ...input, knownAt: new Date('2026-03-03T12:10:00.000Z') })).toEqual([]);
    expect(changesBefore({ ...input, knownAt: new Date('2026-03-03T12:30:00.000Z') }).map((c) => c.via)).toEqual([['a', 'b']]);
  });
});
