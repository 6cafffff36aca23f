import { ManualClock, newId, topicOf } from '@linchpin/eventsourcing';
import { ServiceRetiredV1, ServiceUpdatedV1 } from '@linchpin/contracts';
import { ServiceApp, startServiceApp } from '@linchpin/service-testing';
import { generateApiToken } from '@linchpin/platform';
import { ReviewModule } from '../src/review.module';
import { REVIEW_SERVICE } from '../src/service';
import { HistoryIncident, PEOPLE, recordHistory } from './support/recorded-history';

/* Issue 16, item 6: analytics over every incident, from review's persisted read models, over HTTP. */

const stats = (count: number, median: number | null = null, p90: number | null = median) => ({ count, median, p90 });
const november = { from: '2026-11-01T00:00:00Z', to: '2026-12-01T00:00:00Z' };

describe('GET /review/analytics/... over HTTP (SQLite + in-process bus)', () => {
  let review: ServiceApp;
  let incidents: HistoryIncident[];
  const viewer = generateApiToken();
  const clock = new ManualClock('2026-11-20T00:00:00.000Z');

  beforeAll(async () => {
    review = await startServiceApp({ service: REVIEW_SERVICE, module: ReviewModule, clock, apiTokens: { [viewer]: { roles: ['viewer'] } } });
    incidents = await recordHistory(review.bus);
  });

  afterAll(() => review.close());

  const get = (path: string, query: Record<string, string | number> = {}) => review.httpAs(viewer).get(`/review/analytics/${path}`).query(query);

  it('gives MTTD, MTTA, MTTM and MTTR by service, team, priority, ISO week and month (count, median, p90 in whole seconds)', async () => {
    const byService = (await get('response-times', { ...november, groupBy: 'service' }).expect(200)).body;
    expect(byService).toEqual({
      from: '2026-11-01T00:00:00.000Z',
      to: '2026-12-01T00:00:00.000Z',
      groupBy: 'service',
      groups: [
        { key: 'billing', incidents: 1, mttd: stats(1, 30), mtta: stats(1, 30), mttm: stats(1, 90), mttr: stats(1, 90) },
        { key: 'checkout', incidents: 2, mttd: stats(2, 30, 60), mtta: stats(2, 120, 300), mttm: stats(2, 600, 3600), mttr: stats(2, 1200, 3600) },
        { key: 'search', incidents: 1, mttd: stats(1, 10), mtta: stats(1, 60), mttm: stats(0), mttr: stats(0) },
      ],
    });
    const byWeek = (await get('response-times', { ...november, groupBy: 'week' }).expect(200)).body;
    expect(byWeek.groups.map((g: { key: string; incidents: number; mttd: unknown; mttr: unknown }) => [g.key, g.incidents, g.mttd, g.mttr])).toEqual([
      ['2026-W45', 2, stats(2, 30, 60), stats(2, 1200, 3600)],
      ['2026-W46', 2, stats(2, 10, 30), stats(1, 90)],
    ]);
    const byTeam = (await get('response-times', { ...november, groupBy: 'team' }).expect(200)).body;
    expect(byTeam.groups.map((g: { key: string; incidents: number; mtta: unknown }) => [g.key, g.incidents, g.mtta])).toEqual([
      ['discovery', 1, stats(1, 60)],
      ['payments', 3, stats(3, 120, 300)],
    ]);
    const byPriority = (await get('response-times', { ...november, groupBy: 'priority' }).expect(200)).body;
    expect(byPriority.groups.map((g: { key: string; incidents: number }) => [g.key, g.incidents])).toEqual([
      ['P1', 2],
      ['P2', 1],
      ['P3', 1],
    ]);
    const byMonth = (await get('response-times', { ...november, groupBy: 'month' }).expect(200)).body;
    expect(byMonth.groups).toEqual([expect.objectContaining({ key: '2026-11', incidents: 4, mttr: stats(3, 1200, 3600) })]);
  });

  it('counts each incident with exactly the figures of GET /review/incidents/{id}/metrics', async () => {
    for (const incident of incidents) {
      const metrics = (await review.httpAs(viewer).get(`/review/incidents/${incident.incidentId}/metrics`).expect(200)).body;
      // A window holding only this incident: each median is its own figure.
      const window = { from: incident.detectedAt, to: new Date(Date.parse(incident.detectedAt) + 1000).toISOString(), groupBy: 'month' };
      const [group] = (await get('response-times', window).expect(200)).body.groups;
      expect([group.mttd.median, group.mtta.median, group.mttm.median, group.mttr.median]).toEqual([metrics.timeToDetect, metrics.timeToAcknowledge, metrics.timeToMitigate, metrics.timeToResolve]);
    }
  });

  it('narrows by service, team (any case) and priority, and by default covers the 28 days before now', async () => {
    const payments = (await get('response-times', { ...november, team: 'PAYMENTS', groupBy: 'service' }).expect(200)).body;
    expect(payments.groups.map((g: { key: string }) => g.key)).toEqual(['billing', 'checkout']);
    const p1 = (await get('response-times', { ...november, priority: 'P1', groupBy: 'service' }).expect(200)).body;
    expect(p1.groups.map((g: { key: string; incidents: number }) => [g.key, g.incidents])).toEqual([
      ['billing', 1],
      ['checkout', 1],
    ]);
    const checkout = (await get('alert-sources', { ...november, service: 'checkout' }).expect(200)).body;
    expect(checkout.sources).toEqual([
      { source: 'prometheus', alerts: 2, incidents: 1 },
      { source: 'grafana', alerts: 1, incidents: 1 },
    ]);
    const byDefault = (await get('response-times').expect(200)).body;
    expect(byDefault).toMatchObject({ from: '2026-10-23T00:00:00.000Z', to: '2026-11-20T00:00:00.000Z', groupBy: 'week' });
    expect(byDefault.groups.map((g: { incidents: number }) => g.incidents)).toEqual([2, 2]);
    // One end given: 28 days from it.
    expect((await get('pages', { from: '2026-11-03T00:00:00Z' }).expect(200)).body).toMatchObject({ from: '2026-11-03T00:00:00.000Z', to: '2026-12-01T00:00:00.000Z' });
    expect((await get('pages', { to: '2026-11-03T00:00:00Z' }).expect(200)).body).toMatchObject({ from: '2026-10-06T00:00:00.000Z', to: '2026-11-03T00:00:00.000Z' });
  });

  it('lists the noisiest alert sources first, as many as asked', async () => {
    const all = (await get('alert-sources', november).expect(200)).body;
    expect(all).toEqual({
      from: '2026-11-01T00:00:00.000Z',
      to: '2026-12-01T00:00:00.000Z',
      sources: [
        { source: 'prometheus', alerts: 3, incidents: 2 },
        { source: 'grafana', alerts: 1, incidents: 1 },
        { source: 'pagerduty', alerts: 1, incidents: 1 },
      ],
    });
    expect((await get('alert-sources', { ...november, limit: 1 }).expect(200)).body.sources).toEqual([{ source: 'prometheus', alerts: 3, incidents: 2 }]);
  });

  it('counts pages per person and those out of the business hours of the incident’s catalog service (none known: Mon–Fri 09:00–17:00 UTC)', async () => {
    const pages = (await get('pages', { ...november, groupBy: 'person' }).expect(200)).body;
    expect(pages).toEqual({
      from: '2026-11-01T00:00:00.000Z',
      to: '2026-12-01T00:00:00.000Z',
      people: [
        // B at night in Berlin (checkout's hours), D on a Saturday (billing is not catalogued).
        { personId: PEOPLE.bob, pages: 2, outOfHours: 2 },
        // A in checkout's hours (11:00 in Berlin), B at 00:30 in Berlin.
        { personId: PEOPLE.alice, pages: 2, outOfHours: 1 },
        // C on a Monday afternoon: search has no hours in the catalog, the default working week holds it.
        { personId: PEOPLE.carol, pages: 1, outOfHours: 0 },
      ],
    });
  });

  it('counts out of hours by the hours the catalog gives the service now; a retired service keeps its last hours', async () => {
    const catalog = async (event: { id: string; type: string; schemaVersion: number; data: unknown; metadata: { correlationId: string; causationId: string; actor: string; occurredAt: string } }, revision: number) =>
      review.bus.publish(topicOf('triage'), [{ key: 'service-checkout', event: { ...event, streamId: 'service-checkout', revision, position: 10_000 + revision, recordedAt: '2026-11-20T00:00:00.000Z' } }]);
    const meta = { correlationId: newId(), causationId: newId(), actor: 'person:admin', occurredAt: '2026-11-20T00:00:00.000Z' };
    const always = { timezone: 'Europe/Berlin', days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as ('mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun')[], start: '00:00', end: '24:00' };
    await catalog(ServiceUpdatedV1.create(newId(), { name: 'checkout', tier: 1, owningTeam: 'payments', businessHours: always, dependsOn: [], version: 2 }, meta), 1);
    const people = async () => (await get('pages', november).expect(200)).body.people;
    // Checkout around the clock: only bob's Saturday page on billing (default hours) is out of hours.
    expect(await people()).toEqual([
      { personId: PEOPLE.bob, pages: 2, outOfHours: 1 },
      { personId: PEOPLE.alice, pages: 2, outOfHours: 0 },
      { personId: PEOPLE.carol, pages: 1, outOfHours: 0 },
    ]);
    await catalog(ServiceRetiredV1.create(newId(), { name: 'checkout', version: 3 }, meta), 2);
    expect((await people())[1]).toEqual({ personId: PEOPLE.alice, pages: 2, outOfHours: 0 });
    expect(review.bus.deadLetters).toEqual([]);
  });

  it('answers 400 problem+json naming the field for a bad from, to, groupBy, limit or priority', async () => {
    const cases: [string, Record<string, string | number>, string][] = [
      ['response-times', { from: 'yesterday' }, 'from'],
      ['response-times', { to: '2026-11-01T00:00:00' }, 'to'],
      // Impossible dates are refused, not rolled forward (30 February read as 2 March).
      ['response-times', { from: '2026-02-30T00:32:43Z' }, 'from'],
      ['alert-sources', { from: '2026-02-01T00:00:00Z', to: '2026-02-30T00:32:43Z' }, 'to'],
      ['pages', { to: '2026-03-01T24:00:00Z' }, 'to'],
      ['response-times', { from: '2026-11-02T00:00:00Z', to: '2026-11-01T00:00:00Z' }, 'to'],
      ['response-times', { groupBy: 'day' }, 'groupBy'],
      ['response-times', { priority: 'P9' }, 'priority'],
      ['alert-sources', { limit: 0 }, 'limit'],
      ['alert-sources', { limit: 'many' }, 'limit'],
      ['pages', { groupBy: 'team' }, 'groupBy'],
    ];
    for (const [path, query, field] of cases) {
      const response = await get(path, query).expect(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.body.errors.length).toBeGreaterThan(0);
      expect(response.body.errors.map((e: { field: string }) => e.field)).toEqual(response.body.errors.map(() => field));
    }
  });

  it('is for viewers: no token is a 401', async () => {
    await review.httpAs(null).get('/review/analytics/pages').expect(401);
  });
});
