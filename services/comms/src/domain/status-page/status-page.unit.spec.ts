import { given } from '@linchpin/eventsourcing';
import { componentStatusOf, pageStatusOf, worstStatus } from './component-status';
import { initialPublicIncident, NotePublicIncidentFact, PublicIncidentFact, publicIncidentDecider, PublicIncidentNoted, PublicIncidentNotedEvent, PublicIncidentState } from './public-incident.decider';
import { StatusUpdatePostedV1, upcast } from '@linchpin/contracts';
import { audienceOf } from './public-updates';
import { KnownIncident, statusPageView } from './status-page-view';

const incidentId = '2b3c1e0a-3f5c-4d7e-9a9b-0c1d2e3f4a5b';
const note = (fact: PublicIncidentFact, source: 'triage' | 'coordination', sourceRevision: number, at = '2026-05-01T10:00:00.000Z'): NotePublicIncidentFact => ({
  type: 'NotePublicIncidentFact',
  eventId: `0000000${sourceRevision}-0000-4000-8000-${source === 'triage' ? '1' : '2'}00000000000`,
  incidentId,
  source,
  sourceRevision,
  heardFrom: fact.kind,
  fact,
  context: { actor: 'system:comms', causationId: 'cause', occurredAt: at },
});
const open = (over: Partial<PublicIncidentState> = {}): PublicIncidentState => ({ ...initialPublicIncident, triaged: true, service: 'checkout', priority: 'P2', ...over });

describe('component status (Statuspage names) from an incident', () => {
  it.each([
    ['P1', 'major_outage'],
    ['P2', 'partial_outage'],
    ['P3', 'degraded_performance'],
    ['P4', 'operational'],
    ['P5', 'operational'],
  ] as const)('an open %s incident makes its component %s', (priority, status) => {
    expect(componentStatusOf({ priority, phase: 'open' })).toBe(status);
  });

  it('a mitigated incident is degraded performance at most, and a resolved or merged one counts for nothing', () => {
    expect(componentStatusOf({ priority: 'P1', phase: 'mitigated' })).toBe('degraded_performance');
    expect(componentStatusOf({ priority: 'P4', phase: 'mitigated' })).toBe('operational');
    expect(componentStatusOf({ priority: 'P1', phase: 'resolved' })).toBe('operational');
    expect(componentStatusOf({ priority: 'P1', phase: 'merged' })).toBe('operational');
  });

  it('the worst status wins, maintenance above operational and below any outage; the page says so in Statuspage words', () => {
    expect(worstStatus([])).toBe('operational');
    expect(worstStatus(['under_maintenance', 'operational'])).toBe('under_maintenance');
    expect(worstStatus(['under_maintenance', 'degraded_performance', 'partial_outage'])).toBe('partial_outage');
    expect(pageStatusOf('operational')).toEqual({ indicator: 'none', description: 'All Systems Operational' });
    expect(pageStatusOf('major_outage')).toEqual({ indicator: 'critical', description: 'Major System Outage' });
  });
});

describe('an update is public unless it says otherwise', () => {
  it("reads a v1 update (no audience) as public once upcast, and a v2 one's audience as given", () => {
    const metadata = { incidentId, correlationId: incidentId, causationId: 'r', actor: 'api', occurredAt: '2026-01-01T00:00:00.000Z' };
    const v1 = StatusUpdatePostedV1.create('e', { incidentId, updateId: incidentId, status: 'investigating', message: 'Looking' }, metadata);
    const recorded = { streamId: `comms-${incidentId}`, revision: 0, position: 1, recordedAt: metadata.occurredAt };
    expect(audienceOf(upcast({ ...v1, ...recorded }).data as unknown as { audience: 'public' })).toBe('public');
    expect(audienceOf({ audience: 'internal' })).toBe('internal');
  });
});

describe('the incident as the status page knows it (publicIncident- stream)', () => {
  const triaged = note({ kind: 'triaged', service: 'checkout', priority: 'P2' }, 'triage', 0);

  it('records a fact once: the same source revision again, or an older one arriving late, records nothing', () => {
    const history = given(publicIncidentDecider, []).when(triaged).events;
    expect(history).toHaveLength(1);
    expect(PublicIncidentNoted.is(history[0])).toBe(true);
    given(publicIncidentDecider, history).when(triaged).then([]);
    const later = given(publicIncidentDecider, history).when(note({ kind: 'reprioritised', priority: 'P1' }, 'triage', 3)).events;
    given(publicIncidentDecider, [...history, ...later]).when(note({ kind: 'reprioritised', priority: 'P3' }, 'triage', 2)).then([]);
  });

  it('keeps triage and coordination apart: a resolution heard before the triage decision still resolves it', () => {
    const resolved = given(publicIncidentDecider, []).when(note({ kind: 'resolved' }, 'coordination', 5, '2026-05-01T11:00:00.000Z')).events;
    const both = [...resolved, ...given(publicIncidentDecider, resolved).when(triaged).events];
    const state = both.reduce(publicIncidentDecider.evolve, publicIncidentDecider.initialState);
    expect(state).toMatchObject({ triaged: true, service: 'checkout', priority: 'P2', phase: 'resolved', resolvedAt: '2026-05-01T11:00:00.000Z', openedAt: '2026-05-01T10:00:00.000Z' });
  });

  it("keeps triage's title (for update templates, never on the page); a triage fact recorded before titles were kept folds with none", () => {
    const titled = given(publicIncidentDecider, []).when(note({ kind: 'triaged', service: 'checkout', priority: 'P2', title: 'db-7: pool exhausted for acme' }, 'triage', 0)).events;
    expect(titled[0].data.fact).toEqual({ kind: 'triaged', service: 'checkout', priority: 'P2', title: 'db-7: pool exhausted for acme' });
    const state = given(publicIncidentDecider, titled).state();
    expect(state).toMatchObject({ title: 'db-7: pool exhausted for acme', service: 'checkout', priority: 'P2' });
    // A stored fact from before (no title): it folds as it did, the title unknown.
    const old = given(publicIncidentDecider, []).when(triaged).events;
    expect(given(publicIncidentDecider, old).state()).toMatchObject({ title: null, triaged: true, service: 'checkout', priority: 'P2' });
    // A later reprioritisation keeps the title.
    const reprioritised = [...titled, ...given(publicIncidentDecider, titled).when(note({ kind: 'reprioritised', priority: 'P1' }, 'triage', 1)).events];
    expect(given(publicIncidentDecider, reprioritised).state().title).toBe('db-7: pool exhausted for acme');
    const page = statusPageView({ incidents: [{ ...state, incidentId, openedAt: state.openedAt!, updatedAt: state.updatedAt! }], updatesOf: () => [], services: [], now: new Date('2026-05-01T12:00:00.000Z') });
    expect(page.incidents).toHaveLength(1);
    expect(JSON.stringify(page)).not.toContain('acme');
  });

  it('follows mitigation, reopening, merging and unmerging', () => {
    const after = (...commands: NotePublicIncidentFact[]) => {
      let history: PublicIncidentNotedEvent[] = [];
      for (const command of commands) history = [...history, ...given(publicIncidentDecider, history).when(command).events];
      return history.reduce(publicIncidentDecider.evolve, publicIncidentDecider.initialState).phase;
    };
    expect(after(triaged, note({ kind: 'mitigated' }, 'coordination', 1))).toBe('mitigated');
    expect(after(triaged, note({ kind: 'resolved' }, 'coordination', 1), note({ kind: 'reopened' }, 'coordination', 2))).toBe('open');
    expect(after(triaged, note({ kind: 'merged', into: incidentId }, 'coordination', 1))).toBe('merged');
    expect(after(triaged, note({ kind: 'merged', into: incidentId }, 'coordination', 1), note({ kind: 'unmerged' }, 'coordination', 2))).toBe('open');
  });
});

describe('the status page view', () => {
  const now = new Date('2026-05-10T12:00:00.000Z');
  const known = (id: string, state: PublicIncidentState): KnownIncident => ({ ...state, incidentId: id, openedAt: state.openedAt ?? '2026-05-10T10:00:00.000Z', updatedAt: state.updatedAt ?? '2026-05-10T10:00:00.000Z' });

  it('shows each component at the worst of its open incidents, the open incidents with their updates newest first, and 90 days of history', () => {
    const view = statusPageView({
      incidents: [
        known('a', open({ priority: 'P3' })),
        known('b', open({ priority: 'P2' })),
        known('c', open({ service: 'search', priority: 'P1', phase: 'mitigated' })),
        known('old', open({ service: 'billing', phase: 'resolved', resolvedAt: '2026-01-01T00:00:00.000Z' })),
        known('recent', open({ service: 'billing', phase: 'resolved', resolvedAt: '2026-05-01T00:00:00.000Z' })),
        known('untriaged', { ...initialPublicIncident }),
        known('merged', open({ service: 'auth', priority: 'P1', phase: 'merged' })),
      ],
      updatesOf: (id) =>
        id === 'b'
          ? [
              { updateId: 'u1', status: 'investigating', message: 'Looking', postedAt: '2026-05-10T10:05:00.000Z' },
              { updateId: 'u2', status: 'identified', message: 'Found it', postedAt: '2026-05-10T10:10:00.000Z' },
            ]
          : [],
      services: ['billing', 'auth'],
      now,
    });
    expect(view.components).toEqual([
      { name: 'auth', status: 'operational' },
      { name: 'billing', status: 'operational' },
      { name: 'checkout', status: 'partial_outage' },
      { name: 'search', status: 'degraded_performance' },
    ]);
    expect(view.status).toEqual({ indicator: 'major', description: 'Partial System Outage' });
    expect(view.incidents.map((i) => i.id).sort()).toEqual(['a', 'b', 'c']);
    const b = view.incidents.find((i) => i.id === 'b')!;
    expect(b).toMatchObject({ name: 'Partial outage of checkout', status: 'identified', impact: 'major', updatedAt: '2026-05-10T10:10:00.000Z' });
    expect(b.updates.map((u) => u.id)).toEqual(['u2', 'u1']);
    expect(view.incidents.find((i) => i.id === 'c')).toMatchObject({ status: 'monitoring', componentStatus: 'degraded_performance' });
    expect(view.history.map((i) => i.id)).toEqual(['recent']);
    expect(view.history[0]).toMatchObject({ status: 'resolved', resolvedAt: '2026-05-01T00:00:00.000Z' });
  });
});
