import { DomainError, given } from '@linchpin/eventsourcing';
import {
  ServiceCatalogCommand,
  serviceCatalogDecider,
  ServiceCatalogEvent,
  ServiceRegistered,
  ServiceRetired,
  ServiceSpec,
  ServiceUpdated,
} from './service-catalog.decider';

const uuid = (n: number): string => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
const at = (minute: number) => ({ actor: 'user:alice', causationId: `request-${minute}`, occurredAt: `2026-03-01T12:${String(minute).padStart(2, '0')}:00.000Z` });

const checkout: ServiceSpec = {
  name: 'checkout',
  displayName: 'Checkout',
  tier: 1,
  owningTeam: 'payments',
  escalationPolicy: 'payments-critical',
  businessHours: { timezone: 'Europe/Berlin', days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '17:30' },
  dependsOn: ['payments-api', 'catalog'],
};

let eventNumber = 0;
const register = (service: Partial<ServiceSpec> = {}, minute = 0): ServiceCatalogCommand => ({
  type: 'RegisterService',
  eventId: uuid(++eventNumber),
  name: service.name ?? checkout.name,
  service: { ...checkout, ...service },
  context: at(minute),
});
const update = (service: Partial<ServiceSpec> = {}, minute = 1): ServiceCatalogCommand => ({
  type: 'UpdateService',
  eventId: uuid(++eventNumber),
  name: service.name ?? checkout.name,
  service: { ...checkout, ...service },
  context: at(minute),
});
const retire = (minute = 2, name = 'checkout'): ServiceCatalogCommand => ({ type: 'RetireService', eventId: uuid(++eventNumber), name, context: at(minute) });

/** The history those commands record, each decided against the state the previous ones left. */
const recorded = (...commands: ServiceCatalogCommand[]): ServiceCatalogEvent[] =>
  commands.reduce<ServiceCatalogEvent[]>((history, command) => [...history, ...serviceCatalogDecider.decide(command, given(serviceCatalogDecider, history).state())], []);

describe('service catalog decider', () => {
  describe('RegisterService', () => {
    it('records the definition as version 1, dependencies sorted', () => {
      const command = register();
      // then() asserts the command was accepted before handing over the events
      given(serviceCatalogDecider)
        .when(command)
        .then((events) => {
          expect(events).toHaveLength(1);
          expect(events[0]).toMatchObject({ id: (command as { eventId: string }).eventId, type: 'ServiceRegistered', schemaVersion: 1 });
          expect(events[0].data).toEqual({ ...checkout, dependsOn: ['catalog', 'payments-api'], version: 1 });
          expect(events[0].metadata).toEqual({ ...at(0), correlationId: 'request-0' });
          expect(ServiceRegistered.validate(events[0].data)).toEqual([]);
        });
    });

    it('keeps only what was given: no display name, policy or hours, no dependencies', () => {
      const minimal = { name: 'search', tier: 3 as const, owningTeam: 'discovery', dependsOn: [] };
      given(serviceCatalogDecider)
        .when({ type: 'RegisterService', eventId: uuid(900), name: minimal.name, service: minimal, context: at(0) })
        .then((events) => {
          expect(events[0].data).toEqual({ ...minimal, version: 1 });
          expect(ServiceRegistered.validate(events[0].data)).toEqual([]);
        });
    });

    it('removes repeated dependencies and days, and orders days through the week', () => {
      given(serviceCatalogDecider)
        .when(register({ dependsOn: ['b', 'a', 'b'], businessHours: { timezone: 'UTC', days: ['fri', 'mon', 'fri'], start: '08:00', end: '16:00' } }))
        .then((events) => {
          expect(events[0].data).toMatchObject({ dependsOn: ['a', 'b'], businessHours: { days: ['mon', 'fri'] } });
        });
    });

    it('refuses a service that is already registered, naming the name', () => {
      const outcome = given(serviceCatalogDecider, recorded(register())).when(register({ tier: 2 }));
      expect(outcome.events).toEqual([]);
      expect(outcome.thenThrows(DomainError)).toMatchObject({ code: 'service-exists', field: 'name' });
    });

    it('refuses a service that depends on itself, naming dependsOn', () => {
      const outcome = given(serviceCatalogDecider).when(register({ dependsOn: ['payments-api', 'checkout'] }));
      expect(outcome.events).toEqual([]);
      expect(outcome.thenThrows(DomainError)).toMatchObject({ code: 'service-depends-on-itself', field: 'dependsOn' });
    });

    it.each<[string, Partial<ServiceSpec>, string]>([
      ['a name with capitals', { name: 'Checkout' }, 'name'],
      ['a name starting with a dash', { name: '-checkout' }, 'name'],
      ['a name of 101 characters', { name: 'a'.repeat(101) }, 'name'],
      ['tier 0', { tier: 0 as 1 }, 'tier'],
      ['tier 5', { tier: 5 as 1 }, 'tier'],
      ['a dependency that is not a service name', { dependsOn: ['Payments API'] }, 'dependsOn'],
      ['an unknown time zone', { businessHours: { timezone: 'Mars/Olympus', days: ['mon'], start: '09:00', end: '17:00' } }, 'businessHours.timezone'],
      ['a UTC offset for a time zone', { businessHours: { timezone: '+01:00', days: ['mon'], start: '09:00', end: '17:00' } }, 'businessHours.timezone'],
      ['no days', { businessHours: { timezone: 'UTC', days: [], start: '09:00', end: '17:00' } }, 'businessHours.days'],
      ['a start of 24:00', { businessHours: { timezone: 'UTC', days: ['mon'], start: '24:00', end: '17:00' } }, 'businessHours.start'],
      ['an end of 9:00', { businessHours: { timezone: 'UTC', days: ['mon'], start: '08:00', end: '9:00' } }, 'businessHours.end'],
      ['an end equal to the start', { businessHours: { timezone: 'UTC', days: ['mon'], start: '09:00', end: '09:00' } }, 'businessHours.end'],
    ])('refuses %s, naming %s', (_name, service, field) => {
      const outcome = given(serviceCatalogDecider).when(register(service));
      expect(outcome.events).toEqual([]);
      expect(outcome.thenThrows(DomainError)).toMatchObject({ code: 'service-invalid', field });
    });

    it('accepts a 100-character name and hours that run overnight or to the end of the day', () => {
      const name = `a${'.-_9'.repeat(24)}xyz`;
      expect(name).toHaveLength(100);
      given(serviceCatalogDecider).when(register({ name })).then(() => undefined);
      const overnight = { timezone: 'America/New_York', days: ['fri' as const], start: '22:00', end: '06:00' };
      given(serviceCatalogDecider).when(register({ businessHours: overnight })).then(() => undefined);
      const toMidnight = { timezone: 'Asia/Kolkata', days: ['sat' as const], start: '00:00', end: '24:00' };
      given(serviceCatalogDecider).when(register({ businessHours: toMidnight })).then(() => undefined);
    });

    it('registers a retired name again as the next version', () => {
      const events = given(serviceCatalogDecider, recorded(register(), retire()))
        .when(register({ tier: 2 }, 3))
        .then((decided) => expect(decided.map((e) => [e.type, e.data.version])).toEqual([['ServiceRegistered', 3]]));
      const state = given(serviceCatalogDecider, [...recorded(register(), retire()), ...events]).state();
      expect(state).toMatchObject({ status: 'active', service: { tier: 2, version: 3, registeredAt: at(3).occurredAt } });
    });
  });

  describe('UpdateService', () => {
    it('records a changed definition as the next version, keeping the registration time', () => {
      const history = recorded(register());
      const { escalationPolicy: _removed, ...rest } = checkout;
      const events = given(serviceCatalogDecider, history)
        .when(update({ tier: 2, escalationPolicy: undefined, dependsOn: ['catalog'] }, 5))
        .then((decided) => {
          expect(decided.map((e) => e.type)).toEqual(['ServiceUpdated']);
          expect(decided[0].data).toEqual({ ...rest, tier: 2, dependsOn: ['catalog'], version: 2 });
          expect(ServiceUpdated.validate(decided[0].data)).toEqual([]);
        });
      expect(given(serviceCatalogDecider, [...history, ...events]).state()).toEqual({
        status: 'active',
        service: { ...rest, tier: 2, dependsOn: ['catalog'], version: 2, registeredAt: at(0).occurredAt, updatedAt: at(5).occurredAt },
      });
    });

    it('records nothing when nothing changed, however the lists are ordered', () => {
      const history = recorded(register());
      const same = update({
        dependsOn: ['payments-api', 'catalog', 'catalog'],
        businessHours: { timezone: 'Europe/Berlin', days: ['fri', 'thu', 'wed', 'tue', 'mon'], start: '09:00', end: '17:30' },
      });
      expect(given(serviceCatalogDecider, history).when(same)).toEqual({ events: [] });
    });

    it('counts versions across several updates', () => {
      const history = recorded(register(), update({ tier: 2 }), update({ tier: 3 }));
      expect(history.map((e) => e.data.version)).toEqual([1, 2, 3]);
    });

    it.each([
      ['never registered', [] as ServiceCatalogCommand[]],
      ['retired', [register(), retire()]],
    ])('refuses a service %s: service-unknown', (_name, before) => {
      const outcome = given(serviceCatalogDecider, recorded(...before)).when(update({ tier: 2 }));
      expect(outcome.events).toEqual([]);
      expect(outcome.thenThrows(DomainError)).toMatchObject({ code: 'service-unknown' });
    });

    it('refuses to make a service depend on itself', () => {
      expect(given(serviceCatalogDecider, recorded(register())).when(update({ dependsOn: ['checkout'] })).thenThrows(DomainError)).toMatchObject({
        code: 'service-depends-on-itself',
        field: 'dependsOn',
      });
    });

    it('refuses a rename (the name is the stream)', () => {
      expect(given(serviceCatalogDecider, recorded(register())).when(update({ name: 'checkout-v2' })).thenThrows(DomainError)).toMatchObject({
        code: 'service-invalid',
        field: 'name',
      });
    });
  });

  describe('RetireService', () => {
    it('retires an active service as the next version', () => {
      given(serviceCatalogDecider, recorded(register(), update({ tier: 2 })))
        .when(retire(4))
        .then((events) => {
          expect(events.map((e) => e.type)).toEqual(['ServiceRetired']);
          expect(events[0].data).toEqual({ name: 'checkout', version: 3 });
          expect(ServiceRetired.validate(events[0].data)).toEqual([]);
        });
    });

    it('retiring twice records nothing the second time', () => {
      expect(given(serviceCatalogDecider, recorded(register(), retire())).when(retire(3))).toEqual({ events: [] });
    });

    it('refuses a service never registered: service-unknown', () => {
      expect(given(serviceCatalogDecider).when(retire(1, 'ghost')).thenThrows(DomainError)).toMatchObject({ code: 'service-unknown' });
    });
  });
});
