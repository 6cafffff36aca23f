import { ManualClock } from '@linchpin/eventsourcing';
import { ServiceApp, startServiceApp } from '@linchpin/service-testing';
import { generateApiToken } from '@linchpin/platform';
import { ReviewModule } from '../src/review.module';
import { REVIEW_SERVICE } from '../src/service';
import { PEOPLE, recordHistory } from './support/recorded-history';
import { weeksOf } from '../src/http/analytics-view/analytics-page.html';

/* Issue 16, item 6: GET /review/analytics.html, the analytics routes' answers as server-rendered charts, over HTTP. */

const november = { from: '2026-11-01T00:00:00Z', to: '2026-12-01T00:00:00Z' };
/** A chart's `<svg>` by its id, from the page. */
const chartOf = (html: string, id: string) => new RegExp(`<svg[^>]* id="${id}"[\\s\\S]*?</svg>`).exec(html)?.[0] ?? '';
const tooltips = (svg: string) => [...svg.matchAll(/<title>([^<]*)<\/title>/g)].map((m) => m[1]);

describe('GET /review/analytics.html (server-rendered charts of the analytics routes)', () => {
  let review: ServiceApp;
  const viewer = generateApiToken();

  beforeAll(async () => {
    review = await startServiceApp({ service: REVIEW_SERVICE, module: ReviewModule, clock: new ManualClock('2026-11-20T00:00:00.000Z'), apiTokens: { [viewer]: { roles: ['viewer'] } } });
    await recordHistory(review.bus);
  });
  afterAll(() => review?.close());

  const page = (query: Record<string, string> = november) => review.httpAs(viewer).get('/review/analytics.html').query(query);

  it('is an HTML page under a CSP that lets nothing run, drawing MTTA and MTTR by week from the response-times route', async () => {
    const response = await page().expect(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.headers['content-security-policy']).toMatch(/^default-src 'none'; style-src 'sha256-/);
    const html = response.text;
    expect(html).not.toMatch(/<script/i);

    const json = (await review.httpAs(viewer).get('/review/analytics/response-times').query({ ...november, groupBy: 'week' }).expect(200)).body;
    const mttr = chartOf(html, 'mttr-by-week');
    // Every ISO week of the window on the axis, the weeks without incidents as gaps; the points are the route's figures.
    expect([...mttr.matchAll(/>(2026-W\d\d)<\/text>/g)].map((m) => m[1])).toEqual(['2026-W44', '2026-W45', '2026-W46', '2026-W47', '2026-W48', '2026-W49']);
    expect(json.groups.map((g: { key: string; mttr: { median: number } }) => [g.key, g.mttr.median])).toEqual([
      ['2026-W45', 1200],
      ['2026-W46', 90],
    ]);
    expect(tooltips(mttr)).toEqual(expect.arrayContaining(['MTTR median, 2026-W45: 20m', 'MTTR median, 2026-W46: 1m 30s']));
    expect(tooltips(mttr).filter((t) => /W4[47]|W4[89]/.test(t))).toEqual([]);
    expect(tooltips(mttr)).toContain('MTTR p90, 2026-W45: 1h');
    expect(tooltips(chartOf(html, 'mtta-by-week'))).toEqual(expect.arrayContaining(['MTTA median, 2026-W45: 2m', 'MTTA p90, 2026-W45: 5m', 'MTTA median, 2026-W46: 30s']));
  });

  it('draws incidents by priority and by service, pager load per person and the noisiest alert sources', async () => {
    const html = (await page().expect(200)).text;
    expect(tooltips(chartOf(html, 'incidents-by-priority'))).toEqual(['P1', 'P1, incidents: 2', 'P2', 'P2, incidents: 1', 'P3', 'P3, incidents: 1']);
    expect(tooltips(chartOf(html, 'incidents-by-service')).filter((t) => t.includes(': '))).toEqual(['billing, incidents: 1', 'checkout, incidents: 2', 'search, incidents: 1']);
    const pages = (await review.httpAs(viewer).get('/review/analytics/pages').query(november).expect(200)).body;
    const drawn = tooltips(chartOf(html, 'pages-by-person')).filter((t) => t !== 'Pages per person, and out of hours');
    expect(drawn).toEqual(pages.people.flatMap((p: { personId: string; pages: number; outOfHours: number }) => [p.personId, `${p.personId}, pages: ${p.pages}`, `${p.personId}, out of hours: ${p.outOfHours}`]));
    expect(drawn).toContain(`${PEOPLE.bob}, out of hours: 2`);
    expect(tooltips(chartOf(html, 'alert-sources'))).toEqual(expect.arrayContaining(['prometheus, alerts: 3', 'prometheus, incidents: 2']));
    expect(html).toContain('<dt>Incidents</dt><dd>4</dd>');
  });

  it('takes the routes’ filters, shows them escaped, and links to the same answers as JSON', async () => {
    const html = (await page({ ...november, team: 'payments', priority: 'P1' }).expect(200)).text;
    expect(tooltips(chartOf(html, 'incidents-by-service')).filter((t) => t.includes(': '))).toEqual(['billing, incidents: 1', 'checkout, incidents: 1']);
    expect(html).toContain('team <strong>payments</strong>');
    expect(html).toContain('href="analytics/pages?from&#x3D;2026-11-01T00%3A00%3A00.000Z&amp;to&#x3D;2026-12-01T00%3A00%3A00.000Z&amp;team&#x3D;payments&amp;priority&#x3D;P1&amp;groupBy&#x3D;person"');

    const marked = (await page({ ...november, service: '<script>alert(1)</script>' }).expect(200)).text;
    expect(marked).not.toContain('<script>alert(1)</script>');
    expect(marked).toContain('service <strong>&lt;script&gt;alert(1)&lt;/script&gt;</strong>');
  });

  it('says "No data" in each chart of a window without incidents', async () => {
    const html = (await page({ from: '2026-01-01T00:00:00Z', to: '2026-01-15T00:00:00Z' }).expect(200)).text;
    for (const id of ['mtta-by-week', 'mttr-by-week', 'incidents-by-priority', 'incidents-by-service', 'pages-by-person', 'alert-sources']) {
      expect(chartOf(html, id)).toContain('>No data</text>');
    }
    expect(html).toContain('<dt>Incidents</dt><dd>0</dd>');
  });

  it('answers a bad window with a 400 naming the field, and no token with a 401', async () => {
    for (const [query, field] of [[{ from: 'yesterday' }, 'from'], [{ from: november.to, to: november.from }, 'to'], [{ priority: 'P9' }, 'priority']] as const) {
      const bad = await page(query).expect(400);
      expect(bad.headers['content-type']).toContain('application/problem+json');
      expect(bad.body.errors).toEqual([expect.objectContaining({ field })]);
    }
    await review.httpAs(null).get('/review/analytics.html').expect(401);
  });

  it('lays out every ISO week of a window, across a year’s end', () => {
    expect(weeksOf(new Date('2026-12-21T00:00:00Z'), new Date('2027-01-12T00:00:00Z'))).toEqual(['2026-W52', '2026-W53', '2027-W01', '2027-W02']);
    expect(weeksOf(new Date('2020-01-01T00:00:00Z'), new Date('2026-01-01T00:00:00Z'))).toBeUndefined();
  });
});
