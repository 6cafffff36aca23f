import { given } from '@linchpin/eventsourcing';
import { servicesCoveredBy } from './maintenance-coverage';
import { NotePublicMaintenanceFact, PublicMaintenanceFact, publicMaintenanceDecider, PublicMaintenanceNoted, PublicMaintenanceWindow } from './public-maintenance.decider';
import { NotePublicServiceFact, PublicServiceFact, publicServiceDecider, PublicServiceNoted } from './public-service.decider';
import { initialPublicIncident } from './public-incident.decider';
import { CatalogedService, KnownIncident, statusPageView } from './status-page-view';

const context = { actor: 'system:comms', causationId: 'cause', occurredAt: '2026-05-01T10:00:00.000Z' };
const WINDOW_ID = '3c4d2f1b-4a6d-4e8f-8b0c-1d2e3f4a5b6c';
const noteService = (fact: PublicServiceFact, sourceRevision: number): NotePublicServiceFact => ({
  type: 'NotePublicServiceFact',
  eventId: `0000000${sourceRevision}-0000-4000-8000-300000000000`,
  name: 'checkout',
  sourceRevision,
  heardFrom: fact.kind === 'retired' ? 'ServiceRetired' : 'ServiceRegistered',
  fact,
  context,
});
const noteWindow = (fact: PublicMaintenanceFact, sourceRevision: number): NotePublicMaintenanceFact => ({
  type: 'NotePublicMaintenanceFact',
  eventId: `0000000${sourceRevision}-0000-4000-8000-400000000000`,
  windowId: WINDOW_ID,
  sourceRevision,
  heardFrom: fact.kind === 'cancelled' ? 'MaintenanceWindowCancelled' : 'MaintenanceWindowScheduled',
  fact,
  context,
});
const scheduled = { kind: 'scheduled' as const, startsAt: '2026-05-02T00:00:00.000Z', endsAt: '2026-05-02T02:00:00.000Z', services: ['checkout'], labels: {} };

describe('a catalogued service as the status page keeps it (publicService- stream)', () => {
  it('records each catalog fact once, in its source order: a redelivered or late event records nothing; retired, it is off the list', () => {
    const listed = given(publicServiceDecider, []).when(noteService({ kind: 'listed', displayName: 'Checkout' }, 0)).events;
    expect(listed.map((e) => e.type)).toEqual(['PublicServiceNoted']);
    expect(PublicServiceNoted.validate(listed[0].data)).toEqual([]);
    given(publicServiceDecider, listed).when(noteService({ kind: 'listed', displayName: 'Checkout' }, 0)).then([]);
    expect(given(publicServiceDecider, listed).state()).toEqual({ listed: true, displayName: 'Checkout', revision: 0 });
    const retired = given(publicServiceDecider, listed).when(noteService({ kind: 'retired' }, 1)).events;
    expect(retired[0].data.fact).toEqual({ kind: 'retired' });
    given(publicServiceDecider, [...listed, ...retired]).when(noteService({ kind: 'listed', displayName: null }, 1)).then([]);
    expect(given(publicServiceDecider, [...listed, ...retired]).state()).toEqual({ listed: false, displayName: null, revision: 1 });
  });
});

describe('a maintenance window as the status page keeps it (publicMaintenance- stream)', () => {
  it('records its scheduling and cancellation once each; a cancellation heard first still cancels it', () => {
    const first = given(publicMaintenanceDecider, []).when(noteWindow(scheduled, 0)).events;
    expect(PublicMaintenanceNoted.validate(first[0].data)).toEqual([]);
    given(publicMaintenanceDecider, first).when(noteWindow(scheduled, 0)).then([]);
    const cancelled = given(publicMaintenanceDecider, first).when(noteWindow({ kind: 'cancelled' }, 1)).events;
    expect(cancelled[0].data.fact).toEqual({ kind: 'cancelled' });
    expect(given(publicMaintenanceDecider, [...first, ...cancelled]).state().window).toMatchObject({ windowId: WINDOW_ID, services: ['checkout'], cancelled: true });
    const cancelledFirst = given(publicMaintenanceDecider, []).when(noteWindow({ kind: 'cancelled' }, 1)).events;
    expect(given(publicMaintenanceDecider, cancelledFirst).state().window).toBeNull();
  });
});

describe('which components a maintenance window covers (from how detection matches alerts)', () => {
  it.each([
    ['the services it names', { services: ['checkout', 'search'], labels: {} }, ['checkout', 'search']],
    ['a service label', { services: [], labels: { service: 'checkout' } }, ['checkout']],
    ['a service named both ways', { services: ['checkout', 'search'], labels: { service: 'checkout' } }, ['checkout']],
    ['a service label outside its services (it matches no alert)', { services: ['search'], labels: { service: 'checkout' } }, []],
    ['its services, narrowed by other labels (still that service’s maintenance)', { services: ['checkout'], labels: { env: 'prod' } }, ['checkout']],
    ['no service at all: labels only match alerts of any service', { services: [], labels: { team: 'db' } }, []],
  ])('%s', (_, scope, covered) => {
    expect(servicesCoveredBy(scope)).toEqual(covered);
  });
});

describe('components from the catalog, incidents and maintenance windows', () => {
  const now = new Date('2026-05-02T01:00:00.000Z');
  const incident = (over: Partial<KnownIncident>): KnownIncident => ({
    ...initialPublicIncident,
    incidentId: '2b3c1e0a-3f5c-4d7e-9a9b-0c1d2e3f4a5b',
    triaged: true,
    service: 'checkout',
    priority: 'P2',
    openedAt: '2026-05-02T00:30:00.000Z',
    updatedAt: '2026-05-02T00:30:00.000Z',
    ...over,
  });
  const window = (over: Partial<PublicMaintenanceWindow> = {}): PublicMaintenanceWindow => ({
    windowId: WINDOW_ID,
    startsAt: '2026-05-02T00:00:00.000Z',
    endsAt: '2026-05-02T02:00:00.000Z',
    services: ['search'],
    labels: {},
    cancelled: false,
    ...over,
  });
  const catalog: CatalogedService[] = [
    { name: 'checkout', displayName: 'Checkout', listed: true },
    { name: 'search', displayName: null, listed: true },
    { name: 'legacy', displayName: 'Legacy API', listed: false },
  ];
  const page = (input: { incidents?: KnownIncident[]; services?: string[]; maintenances?: PublicMaintenanceWindow[]; at?: Date }) =>
    statusPageView({ incidents: input.incidents ?? [], updatesOf: () => [], services: input.services ?? [], catalog, maintenances: input.maintenances ?? [], now: input.at ?? now });

  it('lists every catalogued service, operational without an incident, by its display name else its name; a retired one is gone', () => {
    const view = page({ services: ['legacy', 'ledger'] });
    expect(view.components).toEqual([
      { name: 'Checkout', status: 'operational' },
      { name: 'ledger', status: 'operational' },
      { name: 'search', status: 'operational' },
    ]);
    expect(view.status).toEqual({ indicator: 'none', description: 'All Systems Operational' });
  });

  it('names an incident’s component as the page does, and an open incident keeps a retired service on the page', () => {
    const view = page({ incidents: [incident({}), incident({ incidentId: '5b3c1e0a-3f5c-4d7e-9a9b-0c1d2e3f4a5b', service: 'legacy', priority: 'P3' })] });
    expect(view.components).toContainEqual({ name: 'Checkout', status: 'partial_outage' });
    expect(view.components).toContainEqual({ name: 'Legacy API', status: 'degraded_performance' });
    expect(view.incidents.map((i) => [i.name, i.component])).toContainEqual(['Partial outage of Checkout', 'Checkout']);
  });

  it('a component a window in force covers is under maintenance, from its start (included) to its end (excluded), unless cancelled', () => {
    expect(page({ maintenances: [window()] }).components).toContainEqual({ name: 'search', status: 'under_maintenance' });
    expect(page({ maintenances: [window()] }).status).toEqual({ indicator: 'maintenance', description: 'Service Under Maintenance' });
    expect(page({ maintenances: [window()], at: new Date('2026-05-02T00:00:00.000Z') }).components).toContainEqual({ name: 'search', status: 'under_maintenance' });
    expect(page({ maintenances: [window()], at: new Date('2026-05-02T02:00:00.000Z') }).components).toContainEqual({ name: 'search', status: 'operational' });
    expect(page({ maintenances: [window()], at: new Date('2026-05-01T23:59:59.999Z') }).components).toContainEqual({ name: 'search', status: 'operational' });
    expect(page({ maintenances: [window({ cancelled: true })] }).components).toContainEqual({ name: 'search', status: 'operational' });
    expect(page({ maintenances: [window({ services: [], labels: { team: 'db' } })] }).components.every((c) => c.status === 'operational')).toBe(true);
  });

  it('an outage outranks maintenance; an incident that leaves its component operational (P4) does not', () => {
    const covering = window({ services: ['checkout'] });
    expect(page({ incidents: [incident({})], maintenances: [covering] }).components).toContainEqual({ name: 'Checkout', status: 'partial_outage' });
    expect(page({ incidents: [incident({ priority: 'P4' })], maintenances: [covering] }).components).toContainEqual({ name: 'Checkout', status: 'under_maintenance' });
  });

  it('lists windows not over nor cancelled that cover a component on the page, in UTC, named by their components', () => {
    const later = window({ windowId: '4c4d2f1b-4a6d-4e8f-8b0c-1d2e3f4a5b6c', startsAt: '2026-05-03T02:00:00+02:00', endsAt: '2026-05-03T04:00:00+02:00', services: ['checkout', 'search'] });
    const view = page({ maintenances: [later, window(), window({ windowId: '5c4d2f1b-4a6d-4e8f-8b0c-1d2e3f4a5b6c', services: ['unknown'] }), window({ windowId: '6c4d2f1b-4a6d-4e8f-8b0c-1d2e3f4a5b6c', cancelled: true })] });
    expect(view.scheduledMaintenances).toEqual([
      { id: WINDOW_ID, name: 'Scheduled maintenance of search', status: 'in_progress', scheduledFor: '2026-05-02T00:00:00.000Z', scheduledUntil: '2026-05-02T02:00:00.000Z', components: ['search'] },
      {
        id: later.windowId,
        name: 'Scheduled maintenance of Checkout, search',
        status: 'scheduled',
        scheduledFor: '2026-05-03T00:00:00.000Z',
        scheduledUntil: '2026-05-03T02:00:00.000Z',
        components: ['Checkout', 'search'],
      },
    ]);
    expect(page({ maintenances: [window()], at: new Date('2026-05-02T02:00:00.000Z') }).scheduledMaintenances).toEqual([]);
  });
});
