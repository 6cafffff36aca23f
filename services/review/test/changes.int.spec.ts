import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asAdmin } from '@linchpin/testing';
import { EVENT_STORE, EventStore, InProcessBus, RecordedEvent, newId, topicOf } from '@linchpin/eventsourcing';
import { ServiceApp, startServiceApp } from '@linchpin/service-testing';
import { ChangeRecordedV1, ChangeRecordedV2, IncidentDetectedV1, ServiceRegisteredV1, ServiceRetiredV1, ServiceUpdatedV1 } from '@linchpin/contracts';
import { ReviewModule } from '../src/review.module';
import { REVIEW_SERVICE } from '../src/service';

/*
 * Issue 16, item 9: review keeps detection's changes and triage's catalog in its own store, and shows next to an
 * incident the changes to its services and to the services they depend on, in the window before it.
 */
const detectedAt = Date.parse('2026-03-03T12:00:00.000Z');
const hoursBefore = (h: number) => new Date(detectedAt - h * 3_600_000).toISOString();
let position = 0;

type Definition = { create: (id: string, data: never, metadata: never) => { id: string; type: string; schemaVersion: number; data: unknown; metadata: unknown } };

interface Entry { type: string; context: string; eventId: string; occurredAt: string; recordedAt: string; summary: string; change?: { service: string; relation: string; via: string[]; changeId: string } }

describe('changes next to incidents over HTTP (SQLite + in-process bus)', () => {
  let review: ServiceApp;
  let bus: InProcessBus;
  /** An event of `context` on stream `streamId`, happened at `occurredAt` and recorded `lateBy` ms after. */
  const publish = async <D extends Definition>(context: string, streamId: string, definition: D, data: Record<string, unknown>, occurredAt: string, options: { incidentId?: string; revision?: number; lateBy?: number } = {}) => {
    const metadata = { ...(options.incidentId ? { incidentId: options.incidentId } : {}), correlationId: newId(), causationId: newId(), actor: `system:${context}`, occurredAt };
    const event = definition.create(newId(), data as never, metadata as never);
    const recordedAt = new Date(Date.parse(occurredAt) + (options.lateBy ?? 0)).toISOString();
    const recorded = { ...event, streamId, revision: options.revision ?? 0, position: ++position, recordedAt } as RecordedEvent;
    await bus.publish(topicOf(context), [{ key: streamId, event: recorded }]);
    return recorded;
  };
  const service = (name: string, dependsOn: string[], revision = 0, occurredAt = hoursBefore(240)) =>
    publish('triage', `service-${name}`, revision === 0 ? ServiceRegisteredV1 : ServiceUpdatedV1, { name, tier: 1, owningTeam: 'payments', dependsOn, version: revision + 1 }, occurredAt, { revision });
  const change = (services: string[], summary: string, timestamp: string, lateBy = 0) => {
    const changeId = newId();
    return publish('detection', `change-${changeId}`, ChangeRecordedV2, {
      changeId, integrationId: null, services, summary, timestamp, receivedAt: timestamp, source: 'ci', customDetails: '{"revision":"a1"}', customDetailsTruncated: false,
      links: [{ href: 'https://ci.example.com/1', text: 'Run' }],
    }, timestamp, { lateBy });
  };
  const detected = async (serviceName: string) => {
    const incidentId = newId();
    await publish('detection', `detection-${incidentId}`, IncidentDetectedV1, {
      incidentId, title: `${serviceName} errors`, severity: 'critical', source: 'prometheus', labels: { service: serviceName }, alertId: newId(), fingerprint: `fp-${incidentId}`, firstSignalAt: hoursBefore(0.1),
    }, new Date(detectedAt).toISOString(), { incidentId });
    return incidentId;
  };
  const timeline = async (incidentId: string, query: Record<string, string> = {}) =>
    (await asAdmin(review.app.getHttpServer()).get(`/review/incidents/${incidentId}/timeline`).query(query).expect(200)).body;

  beforeAll(async () => {
    review = await startServiceApp({ service: REVIEW_SERVICE, module: ReviewModule });
    ({ bus } = review);
  });
  afterAll(() => review.close());

  it("shows the changes to the incident's service and its dependencies in the 24 h before it, and nothing outside", async () => {
    await service('shop', ['cart']);
    await service('cart', ['ledger']);
    await service('ledger', []);
    await service('search', []);
    const own = await change(['shop'], 'Deploy shop v7', hoursBefore(1));
    const dependency = await change(['cart'], 'Raise cart pool size', hoursBefore(3));
    const deeper = await change(['ledger', 'search'], 'Migrate ledger schema', hoursBefore(23));
    await change(['cart'], 'Deploy cart v1 (too old)', hoursBefore(25));
    await change(['search'], 'Reindex search (unrelated)', hoursBefore(1));
    const incidentId = await detected('shop');
    await change(['shop'], 'Roll back shop v7 (after detection)', hoursBefore(-0.5));
    expect(bus.deadLetters).toEqual([]);

    const { entries } = await timeline(incidentId);
    const changes = entries.filter((e: Entry) => e.type === 'ChangeRecorded');
    expect(changes.map((e: Entry) => [e.eventId, e.change?.relation, e.change?.via])).toEqual([
      [deeper.id, 'dependency', ['shop', 'cart', 'ledger']],
      [dependency.id, 'dependency', ['shop', 'cart']],
      [own.id, 'impacted', ['shop']],
    ]);
    expect(changes[1]).toMatchObject({
      context: 'detection',
      occurredAt: hoursBefore(3),
      recordedAt: hoursBefore(3),
      summary: 'Change to cart, which shop depends on: Raise cart pool size',
      change: { service: 'cart', services: ['cart'], source: 'ci', links: [{ href: 'https://ci.example.com/1', text: 'Run' }], customDetails: '{"revision":"a1"}' },
    });
    expect(changes[2].summary).toBe('Change to shop: Deploy shop v7');
    // In time order with the incident's own entries, before its detection.
    expect(entries.map((e: Entry) => e.type)).toEqual(['ChangeRecorded', 'ChangeRecorded', 'ChangeRecorded', 'IncidentDetected']);

    const { state } = await timeline(incidentId, { at: hoursBefore(-1) });
    expect(state.changes.map((c: { summary: string; relation: string; service: string }) => [c.summary, c.relation, c.service])).toEqual([
      ['Deploy shop v7', 'impacted', 'shop'],
      ['Raise cart pool size', 'dependency', 'cart'],
      ['Migrate ledger schema', 'dependency', 'ledger'],
    ]);
    // Filters choose among them as among every entry.
    expect((await timeline(incidentId, { context: 'detection', type: 'ChangeRecorded' })).entries).toHaveLength(3);
    expect((await timeline(incidentId, { context: 'coordination' })).entries).toEqual([]);
    for (const field of ['type', 'context']) {
      const empty = await asAdmin(review.app.getHttpServer()).get(`/review/incidents/${incidentId}/timeline`).query({ [field]: '' }).expect(400);
      expect(empty.body.errors).toEqual([expect.objectContaining({ field })]);
    }
    // And the exports show them.
    const csv = (await asAdmin(review.app.getHttpServer()).get(`/review/incidents/${incidentId}/timeline.csv`).expect(200)).text;
    expect(csv).toContain('Change to cart, which shop depends on: Raise cart pool size');

    // Kept in review's own store: the copies, one stream per service.
    const store = review.app.get<EventStore>(EVENT_STORE);
    expect((await store.readStream('reviewChanges-cart')).map((e) => e.type)).toEqual(['ReviewChangeNoted', 'ReviewChangeNoted']);
    // The dependencies come from review's one copy of the catalog, the one analytics reads too.
    expect((await store.readStream('reviewService-shop')).map((e) => e.data)).toEqual([
      expect.objectContaining({ name: 'shop', heardFrom: 'ServiceRegistered', occurredAt: hoursBefore(240), recordedAt: hoursBefore(240), fact: expect.objectContaining({ owningTeam: 'payments', dependsOn: ['cart'] }) }),
    ]);
    expect(await store.readStream('reviewCatalog-shop')).toEqual([]);
  });

  it('as of a moment, only the changes review had recorded by then; a redelivered change shows once', async () => {
    await service('api', []);
    const late = await change(['api'], 'Config push (reported late)', hoursBefore(2), 3 * 3_600_000);
    const incidentId = await detected('api');
    await bus.publish(topicOf('detection'), [{ key: late.streamId, event: late }]);
    expect((await timeline(incidentId, { at: hoursBefore(0) })).state.changes).toEqual([]);
    const then = await timeline(incidentId, { at: hoursBefore(-1) });
    expect(then.state.changes).toEqual([expect.objectContaining({ summary: 'Config push (reported late)', at: hoursBefore(2), recordedAt: hoursBefore(-1), relation: 'impacted' })]);
    expect(then.entries.filter((e: Entry) => e.type === 'ChangeRecorded')).toHaveLength(1);
  });

  it('follows the catalog as it stood at the incident: a dependency dropped before it does not count; a v1 change (PagerDuty, one service, any case) does', async () => {
    await service('web', ['old-auth', 'auth']);
    await publish('triage', 'service-old-auth', ServiceRetiredV1, { name: 'old-auth', version: 2 }, hoursBefore(48), { revision: 1 });
    await service('web', ['auth'], 1, hoursBefore(50));
    const changeId = newId();
    await publish('detection', `change-${changeId}`, ChangeRecordedV1, {
      changeId, integrationId: newId(), service: 'Auth', summary: 'Rotate auth keys', timestamp: hoursBefore(4), receivedAt: hoursBefore(4), source: null, customDetails: null, customDetailsTruncated: false, links: [],
    }, hoursBefore(4));
    await change(['old-auth'], 'Deploy old-auth', hoursBefore(4));
    const incidentId = await detected('web');
    const { state } = await timeline(incidentId, { at: hoursBefore(0) });
    expect(state.changes.map((c: { summary: string; service: string; services: string[] }) => [c.summary, c.service, c.services])).toEqual([['Rotate auth keys', 'auth', ['Auth']]]);
  });
});

describe('REVIEW_CHANGES_WINDOW_HOURS', () => {
  it('sets how far before an incident changes count', async () => {
    const review = await startServiceApp({ service: REVIEW_SERVICE, module: ReviewModule, env: { REVIEW_CHANGES_WINDOW_HOURS: '48' } });
    try {
      const incidentId = newId();
      const changeId = newId();
      const meta = (occurredAt: string, withIncident = false) => ({ ...(withIncident ? { incidentId } : {}), correlationId: newId(), causationId: newId(), actor: 'system:test', occurredAt });
      const asRecorded = (event: { id: string }, streamId: string, recordedAt: string) => ({ ...event, streamId, revision: 0, position: ++position, recordedAt }) as RecordedEvent;
      await review.bus.publish(topicOf('detection'), [{ key: 'c', event: asRecorded(ChangeRecordedV2.create(newId(), {
        changeId, integrationId: null, services: ['billing'], summary: 'Deploy billing 30 h before', timestamp: hoursBefore(30), receivedAt: hoursBefore(30), source: null, customDetails: null, customDetailsTruncated: false, links: [],
      }, meta(hoursBefore(30))), `change-${changeId}`, hoursBefore(30)) }]);
      await review.bus.publish(topicOf('detection'), [{ key: incidentId, event: asRecorded(IncidentDetectedV1.create(newId(), {
        incidentId, title: 'billing errors', severity: 'critical', source: 'prometheus', labels: { service: 'billing' }, alertId: newId(), fingerprint: 'fp', firstSignalAt: hoursBefore(0),
      }, meta(hoursBefore(0), true)), `detection-${incidentId}`, hoursBefore(0)) }]);
      const { state } = (await asAdmin(review.app.getHttpServer()).get(`/review/incidents/${incidentId}/timeline`).query({ at: hoursBefore(0) }).expect(200)).body;
      expect(state.changes.map((c: { summary: string }) => c.summary)).toEqual(['Deploy billing 30 h before']);
    } finally {
      await review.close();
    }
  });
});

describe('changes next to incidents after a restart (two app instances on one SQLite file)', () => {
  it('are read back from review’s own store: nothing is replayed from the bus', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'linchpin-review-changes-'));
    try {
      const sqlitePath = join(dir, 'events.db');
      const incidentId = newId();
      const changeId = newId();
      const meta = (occurredAt: string, withIncident = false) => ({ ...(withIncident ? { incidentId } : {}), correlationId: newId(), causationId: newId(), actor: 'system:test', occurredAt });
      const asRecorded = (event: { id: string }, streamId: string, recordedAt: string, revision = 0) => ({ ...event, streamId, revision, position: ++position, recordedAt }) as RecordedEvent;

      const first = await startServiceApp({ service: REVIEW_SERVICE, module: ReviewModule, sqlitePath });
      await first.bus.publish(topicOf('triage'), [{ key: 'service-orders', event: asRecorded(ServiceRegisteredV1.create(newId(), { name: 'orders', tier: 1, owningTeam: 'shop', dependsOn: ['stock'], version: 1 }, meta(hoursBefore(100))), 'service-orders', hoursBefore(100)) }]);
      await first.bus.publish(topicOf('detection'), [{ key: 'c', event: asRecorded(ChangeRecordedV2.create(newId(), {
        changeId, integrationId: null, services: ['stock'], summary: 'Resize the stock cache', timestamp: hoursBefore(5), receivedAt: hoursBefore(5), source: null, customDetails: null, customDetailsTruncated: false, links: [],
      }, meta(hoursBefore(5))), `change-${changeId}`, hoursBefore(5)) }]);
      await first.bus.publish(topicOf('detection'), [{ key: incidentId, event: asRecorded(IncidentDetectedV1.create(newId(), {
        incidentId, title: 'orders failing', severity: 'critical', source: 'prometheus', labels: { service: 'orders' }, alertId: newId(), fingerprint: 'fp', firstSignalAt: hoursBefore(0),
      }, meta(hoursBefore(0), true)), `detection-${incidentId}`, hoursBefore(0)) }]);
      await first.close();

      const second = await startServiceApp({ service: REVIEW_SERVICE, module: ReviewModule, sqlitePath });
      try {
        const { entries } = (await asAdmin(second.app.getHttpServer()).get(`/review/incidents/${incidentId}/timeline`).expect(200)).body;
        expect(entries.map((e: Entry) => [e.type, e.summary])).toEqual([
          ['ChangeRecorded', 'Change to stock, which orders depends on: Resize the stock cache'],
          ['IncidentDetected', expect.any(String)],
        ]);
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
