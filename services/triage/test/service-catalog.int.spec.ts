import { INestApplication, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { asAdmin } from '@linchpin/testing';
import { ManualClock } from '@linchpin/eventsourcing';
import { SqliteEventStore } from '@linchpin/eventstore-sqlite';
import { startTriage, TriageApp } from './support/triage-app';
import { SERVICE_CATALOG_CONTROLLERS, SERVICE_CATALOG_PROVIDERS } from '../src/service-catalog.module-parts';

@Module({ imports: [CqrsModule], controllers: SERVICE_CATALOG_CONTROLLERS, providers: SERVICE_CATALOG_PROVIDERS })
class ServiceCatalogTestModule {}

const checkout = {
  name: 'checkout',
  displayName: 'Checkout',
  tier: 1,
  owningTeam: 'payments',
  escalationPolicy: 'payments-critical',
  businessHours: { timezone: 'Europe/Berlin', days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '17:30' },
  dependsOn: ['payments-api'],
};

describe('service catalog over HTTP (SQLite store)', () => {
  let triage: TriageApp;
  let store: SqliteEventStore;
  let app: INestApplication;
  const clock = new ManualClock('2026-03-01T12:00:00.000Z');

  beforeAll(async () => {
    triage = await startTriage(ServiceCatalogTestModule, { clock: clock });
    ({ app, store } = triage);
  });

  afterAll(async () => triage?.close());

  const http = () => asAdmin(app.getHttpServer());
  const streamTypes = async (name: string) => (await store.readStream(`service-${name}`)).map((e) => e.type);
  const fieldsOf = (body: { errors?: { field: string }[] }) => (body.errors ?? []).map((e) => e.field);

  it('registers, reads, updates and retires a service, one event per change', async () => {
    clock.set('2026-03-01T12:00:00.000Z');
    const created = await http().post('/triage/services').send(checkout).expect(201);
    expect(created.body).toEqual({ ...checkout, version: 1, registeredAt: '2026-03-01T12:00:00.000Z', updatedAt: '2026-03-01T12:00:00.000Z' });
    expect((await http().get('/triage/services/checkout').expect(200)).body).toEqual(created.body);

    clock.set('2026-03-01T13:00:00.000Z');
    const { name: _name, escalationPolicy: _policy, ...fields } = checkout;
    const updated = await http().put('/triage/services/checkout').send({ ...fields, tier: 2, dependsOn: ['payments-api', 'ledger'] }).expect(200);
    expect(updated.body).toEqual({
      ...checkout,
      tier: 2,
      escalationPolicy: null,
      dependsOn: ['ledger', 'payments-api'],
      version: 2,
      registeredAt: '2026-03-01T12:00:00.000Z',
      updatedAt: '2026-03-01T13:00:00.000Z',
    });

    // The same definition again (a GET answer sent back, name included) is not a change.
    const same = await http().put('/triage/services/checkout').send({ ...updated.body, version: undefined, registeredAt: undefined, updatedAt: undefined }).expect(200);
    expect(same.body).toEqual(updated.body);
    expect(await streamTypes('checkout')).toEqual(['ServiceRegistered', 'ServiceUpdated']);

    await http().delete('/triage/services/checkout').expect(204);
    await http().get('/triage/services/checkout').expect(404);
    await http().delete('/triage/services/checkout').expect(204);

    const stored = await store.readStream('service-checkout');
    expect(stored.map((e) => [e.type, (e.data as { version: number }).version])).toEqual([
      ['ServiceRegistered', 1],
      ['ServiceUpdated', 2],
      ['ServiceRetired', 3],
    ]);
    expect(stored[0].metadata).toMatchObject({ actor: 'admin', occurredAt: '2026-03-01T12:00:00.000Z' });
    expect(stored[1].metadata).toMatchObject({ actor: 'admin', occurredAt: '2026-03-01T13:00:00.000Z' });
  });

  it('a retired name can be registered again, as the next version', async () => {
    await http().post('/triage/services').send({ name: 'legacy', tier: 4, owningTeam: 'ops' }).expect(201);
    await http().delete('/triage/services/legacy').expect(204);
    await http().put('/triage/services/legacy').send({ tier: 3, owningTeam: 'ops' }).expect(404);
    const again = await http().post('/triage/services').send({ name: 'legacy', tier: 3, owningTeam: 'ops' }).expect(201);
    expect(again.body).toMatchObject({ name: 'legacy', tier: 3, version: 3, displayName: null, escalationPolicy: null, businessHours: null, dependsOn: [] });
  });

  it('refuses to register a name twice: 409 problem', async () => {
    await http().post('/triage/services').send({ name: 'billing', tier: 2, owningTeam: 'payments' }).expect(201);
    const response = await http().post('/triage/services').send({ name: 'billing', tier: 3, owningTeam: 'other' }).expect(409);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(response.body).toMatchObject({ code: 'service-exists' });
    expect((await http().get('/triage/services/billing').expect(200)).body).toMatchObject({ tier: 2, owningTeam: 'payments' });
    expect(await streamTypes('billing')).toEqual(['ServiceRegistered']);
  });

  it('refuses a service that depends on itself, naming dependsOn', async () => {
    const response = await http().post('/triage/services').send({ name: 'loop', tier: 2, owningTeam: 't', dependsOn: ['loop'] }).expect(409);
    expect(response.body).toMatchObject({ code: 'service-depends-on-itself' });
    expect(fieldsOf(response.body)).toEqual(['dependsOn']);
    expect(await streamTypes('loop')).toEqual([]);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['no tier', { name: 'svc-a', owningTeam: 't' }, 'tier'],
    ['tier 5', { name: 'svc-a', tier: 5, owningTeam: 't' }, 'tier'],
    ['a name with capitals', { name: 'Checkout', tier: 1, owningTeam: 't' }, 'name'],
    ['no owning team', { name: 'svc-a', tier: 1 }, 'owningTeam'],
    ['a dependency that is not a service name', { name: 'svc-a', tier: 1, owningTeam: 't', dependsOn: ['Not A Name'] }, 'dependsOn'],
    ['an unknown time zone', { name: 'svc-a', tier: 1, owningTeam: 't', businessHours: { ...checkout.businessHours, timezone: 'Mars/Olympus' } }, 'businessHours.timezone'],
    ['a day that is not one', { name: 'svc-a', tier: 1, owningTeam: 't', businessHours: { ...checkout.businessHours, days: ['monday'] } }, 'businessHours.days'],
    ['a start of 9:00', { name: 'svc-a', tier: 1, owningTeam: 't', businessHours: { ...checkout.businessHours, start: '9:00' } }, 'businessHours.start'],
    ['an end equal to the start', { name: 'svc-a', tier: 1, owningTeam: 't', businessHours: { ...checkout.businessHours, end: '09:00' } }, 'businessHours.end'],
    ['an unknown field', { name: 'svc-a', tier: 1, owningTeam: 't', colour: 'red' }, 'colour'],
  ])('POST with %s → 400 problem naming %s, nothing stored', async (_case, body, field) => {
    const response = await http().post('/triage/services').send(body).expect(400);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(fieldsOf(response.body)).toContain(field);
    expect(await streamTypes('svc-a')).toEqual([]);
  });

  it('PUT validates too, and refuses a rename', async () => {
    await http().post('/triage/services').send({ name: 'search', tier: 3, owningTeam: 'discovery' }).expect(201);
    expect(fieldsOf((await http().put('/triage/services/search').send({ tier: 0, owningTeam: 'discovery' }).expect(400)).body)).toContain('tier');
    expect(fieldsOf((await http().put('/triage/services/search').send({ name: 'find', tier: 3, owningTeam: 'discovery' }).expect(400)).body)).toEqual(['name']);
    expect(await streamTypes('search')).toEqual(['ServiceRegistered']);
  });

  it('unknown services are 404 problems; a name no service could have is a 400 naming name', async () => {
    for (const response of [
      await http().get('/triage/services/ghost').expect(404),
      await http().put('/triage/services/ghost').send({ tier: 1, owningTeam: 't' }).expect(404),
      await http().delete('/triage/services/ghost').expect(404),
      await http().get('/triage/services/ghost/dependents').expect(404),
    ]) {
      expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    }
    expect(await streamTypes('ghost')).toEqual([]);
    expect(fieldsOf((await http().get('/triage/services/Not%20A%20Name').expect(400)).body)).toEqual(['name']);
  });

  describe('the graph and the list', () => {
    beforeAll(async () => {
      const register = (body: Record<string, unknown>) => http().post('/triage/services').send(body).expect(201);
      await register({ name: 'shop', tier: 1, owningTeam: 'web', dependsOn: ['orders-api'] });
      await register({ name: 'orders-api', tier: 2, owningTeam: 'orders', dependsOn: ['orders-db'] });
      await register({ name: 'orders-db', tier: 3, owningTeam: 'dba', dependsOn: ['shop'] }); // a cycle, on purpose
      await register({ name: 'orders-report', tier: 4, owningTeam: 'orders', dependsOn: ['orders-db'] });
    });

    it('lists the transitive dependents with their tiers and the resulting criticality', async () => {
      const { body } = await http().get('/triage/services/orders-db/dependents').expect(200);
      expect(body).toEqual({
        service: 'orders-db',
        tier: 3,
        dependents: [
          { service: 'shop', tier: 1, path: ['shop', 'orders-api', 'orders-db'] },
          { service: 'orders-api', tier: 2, path: ['orders-api', 'orders-db'] },
          { service: 'orders-report', tier: 4, path: ['orders-report', 'orders-db'] },
        ],
        criticality: {
          tier: 1,
          via: { service: 'orders-db', dependent: 'shop', path: ['shop', 'orders-api', 'orders-db'] },
          reason: 'orders-db is a dependency of tier-1 service shop (shop → orders-api → orders-db)',
        },
      });
    });

    it('a retired service leaves the graph', async () => {
      await http().post('/triage/services').send({ name: 'cache', tier: 3, owningTeam: 'web' }).expect(201);
      await http().post('/triage/services').send({ name: 'storefront', tier: 1, owningTeam: 'web', dependsOn: ['cache'] }).expect(201);
      expect((await http().get('/triage/services/cache/dependents').expect(200)).body.criticality.tier).toBe(1);
      await http().delete('/triage/services/storefront').expect(204);
      const { body } = await http().get('/triage/services/cache/dependents').expect(200);
      expect(body.dependents).toEqual([]);
      expect(body.criticality).toEqual({ tier: 3, via: { service: 'cache', dependent: null, path: ['cache'] }, reason: 'cache is a tier-3 service' });
    });

    it('lists active services by name, filtered by team or tier, paged by cursor', async () => {
      const { body: orders } = await http().get('/triage/services?team=orders').expect(200);
      expect(orders).toEqual({ items: [expect.objectContaining({ name: 'orders-api' }), expect.objectContaining({ name: 'orders-report' })], nextCursor: null });
      const tierOne = (await http().get('/triage/services?tier=1').expect(200)).body.items.map((s: { name: string }) => s.name);
      expect(tierOne).toContain('shop');
      expect(tierOne).not.toContain('storefront');

      const names: string[] = [];
      let cursor: string | null = null;
      do {
        const query: string = cursor === null ? 'limit=2' : `limit=2&cursor=${encodeURIComponent(cursor)}`;
        const page: { items: { name: string }[]; nextCursor: string | null } = (await http().get(`/triage/services?${query}`).expect(200)).body;
        expect(page.items.length).toBeLessThanOrEqual(2);
        names.push(...page.items.map((s) => s.name));
        cursor = page.nextCursor;
      } while (cursor !== null);
      const all = (await http().get('/triage/services?limit=200').expect(200)).body.items.map((s: { name: string }) => s.name);
      expect(names).toEqual(all);
      expect(all).toEqual([...all].sort());
      expect(all).toEqual(expect.arrayContaining(['cache', 'orders-api', 'orders-db', 'orders-report', 'shop']));
    });

    it.each([
      ['tier=0', 'tier'],
      ['limit=0', 'limit'],
      ['limit=201', 'limit'],
      ['cursor=%21%21', 'cursor'],
    ])('bad query %s → 400 naming %s', async (query, field) => {
      expect(fieldsOf((await http().get(`/triage/services?${query}`).expect(400)).body)).toContain(field);
    });
  });
});
