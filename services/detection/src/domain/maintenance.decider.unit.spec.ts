import { DomainError, given } from '@linchpin/eventsourcing';
import {
  MaintenanceCommand,
  maintenanceDecider,
  MaintenanceEvent,
  MaintenanceWindow,
  MaintenanceWindowCancelled,
  MaintenanceWindowScheduled,
  matchingWindow,
} from './maintenance.decider';

const uuid = (n: number): string => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
const WINDOW_ID = uuid(0x5000);
const context = { actor: 'user:alice', causationId: 'request-1', occurredAt: '2026-03-01T12:00:00.000Z' };

const schedule = (over: Partial<Extract<MaintenanceCommand, { type: 'ScheduleMaintenance' }>> = {}): MaintenanceCommand => ({
  type: 'ScheduleMaintenance',
  eventId: uuid(0x100),
  context,
  windowId: WINDOW_ID,
  name: 'db upgrade',
  startsAt: '2026-03-02T22:00:00.000Z',
  endsAt: '2026-03-03T02:00:00.000Z',
  services: ['db'],
  labels: {},
  ...over,
});
const cancel = (n: number): MaintenanceCommand => ({ type: 'CancelMaintenance', eventId: uuid(0x200 + n), windowId: WINDOW_ID, context });

const recorded = (...commands: MaintenanceCommand[]): MaintenanceEvent[] =>
  commands.reduce<MaintenanceEvent[]>((history, command) => [...history, ...maintenanceDecider.decide(command, given(maintenanceDecider, history).state())], []);

describe('maintenance decider', () => {
  it('schedules a window ahead, scoped by services and labels', () => {
    given(maintenanceDecider)
      .when(schedule({ labels: { cluster: 'eu-1' } }))
      .then((events) => {
        expect(events).toHaveLength(1);
        expect(events[0]).toMatchObject({ id: uuid(0x100), type: 'MaintenanceWindowScheduled' });
        expect(events[0].data).toEqual({
          windowId: WINDOW_ID,
          name: 'db upgrade',
          startsAt: '2026-03-02T22:00:00.000Z',
          endsAt: '2026-03-03T02:00:00.000Z',
          services: ['db'],
          labels: { cluster: 'eu-1' },
        });
        expect(MaintenanceWindowScheduled.validate(events[0].data)).toEqual([]);
      });
  });

  it('a window scoped by labels alone is accepted', () => {
    // then() asserts the command was accepted
    given(maintenanceDecider)
      .when(schedule({ services: [], labels: { team: 'storage' } }))
      .then(() => undefined);
  });

  it.each([
    ['ends before it starts', '2026-03-02T21:00:00.000Z'],
    ['ends when it starts', '2026-03-02T22:00:00.000Z'],
  ])('refuses a window that %s, naming endsAt', (_name, endsAt) => {
    const outcome = given(maintenanceDecider).when(schedule({ endsAt }));
    expect(outcome.events).toEqual([]);
    expect(outcome.thenThrows(DomainError)).toMatchObject({ code: 'maintenance-ends-before-start', field: 'endsAt' });
  });

  it('refuses a window over every alert (no service, no label)', () => {
    const outcome = given(maintenanceDecider).when(schedule({ services: [], labels: {} }));
    expect(outcome.events).toEqual([]);
    expect(outcome.thenThrows(DomainError)).toMatchObject({ code: 'maintenance-unscoped', field: 'services' });
  });

  it('refuses to schedule the same window twice', () => {
    expect(given(maintenanceDecider, recorded(schedule())).when(schedule()).error).toMatchObject({ code: 'maintenance-exists' });
  });

  it('cancels a window; cancelling again records nothing', () => {
    given(maintenanceDecider, recorded(schedule()))
      .when(cancel(1))
      .then((events) => {
        expect(events.map((e) => e.type)).toEqual(['MaintenanceWindowCancelled']);
        expect(events[0].data).toEqual({ windowId: WINDOW_ID });
        expect(MaintenanceWindowCancelled.validate(events[0].data)).toEqual([]);
      });
    given(maintenanceDecider, recorded(schedule(), cancel(1))).when(cancel(2)).then([]);
  });

  it('refuses to cancel a window that does not exist', () => {
    given(maintenanceDecider).when(cancel(1)).thenThrows(DomainError, 'maintenance-unknown');
  });
});

describe('matchingWindow: the window that suppresses an alert', () => {
  const window = (over: Partial<MaintenanceWindow> = {}): MaintenanceWindow => ({
    windowId: WINDOW_ID,
    name: 'db upgrade',
    startsAt: '2026-03-02T22:00:00.000Z',
    endsAt: '2026-03-03T02:00:00.000Z',
    services: ['db'],
    labels: {},
    cancelled: false,
    ...over,
  });
  const DURING = '2026-03-02T23:00:00.000Z';
  const dbAlert = { service: 'db', labels: { service: 'db', cluster: 'eu-1', alertname: 'DiskFull' } };

  it.each([
    ['before it starts', '2026-03-02T21:59:59.999Z', false],
    ['at its start', '2026-03-02T22:00:00.000Z', true],
    ['during it', DURING, true],
    ['at its end (the end is excluded)', '2026-03-03T02:00:00.000Z', false],
  ])('is active only between start and end: %s', (_name, at, matches) => {
    expect(matchingWindow([window()], dbAlert, at)).toEqual(matches ? window() : undefined);
  });

  it('a cancelled window matches nothing', () => {
    expect(matchingWindow([window({ cancelled: true })], dbAlert, DURING)).toBeUndefined();
  });

  it.each<[string, Partial<MaintenanceWindow>, { service?: string; labels: Record<string, string> }, boolean]>([
    ['an alert of a listed service', { services: ['api', 'db'] }, dbAlert, true],
    ['an alert of another service', { services: ['api'] }, dbAlert, false],
    ['an alert that names no service, for a window scoped by service', { services: ['db'] }, { labels: { cluster: 'eu-1' } }, false],
    ['an alert with all the labels', { services: [], labels: { cluster: 'eu-1', alertname: 'DiskFull' } }, dbAlert, true],
    ['an alert with only some of the labels', { services: [], labels: { cluster: 'eu-1', alertname: 'HighLatency' } }, dbAlert, false],
    ['an alert of the service without the labels', { services: ['db'], labels: { cluster: 'us-1' } }, dbAlert, false],
    ['an alert of the service with the labels', { services: ['db'], labels: { cluster: 'eu-1' } }, dbAlert, true],
  ])('scope: %s', (_name, scope, alert, matches) => {
    expect(matchingWindow([window(scope)], alert, DURING) !== undefined).toBe(matches);
  });

  it('returns the first active window that covers the alert', () => {
    const other = window({ windowId: uuid(0x5001), name: 'api deploy', services: ['api'] });
    const later = window({ windowId: uuid(0x5002), name: 'db patch', startsAt: '2026-03-03T00:00:00.000Z' });
    const db = window();
    expect(matchingWindow([other, later, db], dbAlert, DURING)?.windowId).toBe(WINDOW_ID);
    expect(matchingWindow([other, db, later], dbAlert, '2026-03-03T01:00:00.000Z')?.windowId).toBe(WINDOW_ID);
    expect(matchingWindow([], dbAlert, DURING)).toBeUndefined();
  });
});
