import { ManualClock, newId } from '@linchpin/eventsourcing';
import { ServiceApp, startServiceApp } from '@linchpin/service-testing';
import { ReviewModule } from '../src/review.module';
import { REVIEW_SERVICE } from '../src/service';
import { NOTE_TEXT, RecordedIncident, after, recordIncident } from './support/recorded-incident';

/* Issue 16, item 3: GET /review/incidents/{id}/timeline.html over HTTP (SQLite + in-process bus); the browser test looks at it. */

describe('GET /review/incidents/{id}/timeline.html (server-rendered swimlanes)', () => {
  let review: ServiceApp;
  let incident: RecordedIncident;
  // The note is taken 25 minutes in, between the mitigation and the resolution.
  const clock = new ManualClock(after(1500));

  beforeAll(async () => {
    review = await startServiceApp({ service: REVIEW_SERVICE, module: ReviewModule, clock });
    incident = await recordIncident(review);
  });
  afterAll(() => review?.close());

  const page = (query = '') => review.http().get(`/review/incidents/${incident.incidentId}/timeline.html${query}`);

  it('is an HTML page under a CSP that lets nothing run, with a lane per context and a mark per entry linking to its row', async () => {
    const response = await page().expect(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.headers['content-security-policy']).toMatch(/^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/=]+'/);
    const html = response.text;
    expect([...html.matchAll(/data-lane="([^"]+)"/g)].map((m) => m[1])).toEqual(['detection', 'triage', 'coordination', 'comms', 'review']);
    const marks = [...html.matchAll(/<a class="mark" href="#event-([^"]+)"/g)].map((m) => m[1]);
    const rows = [...html.matchAll(/<tr id="event-([^"]+)"/g)].map((m) => m[1]);
    expect(marks).toHaveLength(incident.entries);
    expect(new Set(marks)).toEqual(new Set(rows));
    expect(rows).toContain(incident.noteId);
    expect(html).not.toMatch(/<script/i);
  });

  it('marks the phases where the metrics place them, each linking to the event that set it', async () => {
    const metrics = (await review.http().get(`/review/incidents/${incident.incidentId}/metrics`).expect(200)).body;
    expect(metrics.moments).toMatchObject({ detectedAt: after(0), acknowledgedAt: after(345), mitigatedAt: after(1200), resolvedAt: after(1800) });
    const html = (await page().expect(200)).text;
    const phases = [...html.matchAll(/<a class="phase" href="#event-([^"]+)" aria-label="([^"]+)" data-phase="([^"]+)"/g)].map((m) => [m[3], m[1], m[2]]);
    const { detected, acknowledged, mitigated, resolved } = incident.eventIds;
    expect(phases).toEqual([
      ['Detected', detected, 'Detected at 2026-03-03 09:00:00 UTC, 1m 30s after the first signal'],
      ['Acknowledged', acknowledged, 'Acknowledged at 2026-03-03 09:05:45 UTC, 5m 45s after detection'],
      ['Mitigated', mitigated, 'Mitigated at 2026-03-03 09:20:00 UTC, 20m after detection'],
      ['Resolved', resolved, 'Resolved at 2026-03-03 09:30:00 UTC, 30m after detection'],
    ]);
    expect(html).toMatch(/<dt>Time to acknowledge<\/dt><dd>5m 45s<\/dd>/);
  });

  it('shows a note’s markup and a title’s as text, escaped in the chart’s tooltips and in the table', async () => {
    const html = (await page().expect(200)).text;
    const escaped = 'We decided to fail over &lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt; &amp; roll back';
    expect(html).not.toContain(NOTE_TEXT);
    expect(html).not.toContain('<b>5xx</b>');
    expect(html).toContain(`<td class="summary">Decision about IncidentAcknowledged: ${escaped}</td>`);
    expect(html).toMatch(new RegExp(`<title>[^<]*review · Decision about IncidentAcknowledged: ${escaped.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}</title>`));
    expect(html).toContain('Checkout errors &lt;b&gt;5xx&lt;/b&gt;');
  });

  it('takes the JSON timeline’s ?at, context and type: only those lanes and entries, the phases as of then', async () => {
    const html = (await page(`?context=coordination,review&at=${encodeURIComponent(after(600))}`).expect(200)).text;
    expect([...html.matchAll(/data-lane="([^"]+)"/g)].map((m) => m[1])).toEqual(['coordination', 'review']);
    expect([...html.matchAll(/data-phase="([^"]+)"/g)].map((m) => m[1])).toEqual(['Detected', 'Acknowledged']);
    expect(html).toContain('As of <time datetime="2026-03-03T09:10:00.000Z">');
    // The links to the other renderings keep the query (as Handlebars escapes an attribute: `=` as `&#x3D;`).
    expect(html).toContain(`href="timeline?at&#x3D;2026-03-03T09%3A10%3A00.000Z&amp;context&#x3D;coordination%2Creview"`);
    // Detected is drawn (the metrics know it) but not linked: its entry is not listed under this filter.
    expect(html).toMatch(/<g class="phase" aria-label="Detected at [^"]+" data-phase="Detected">/);

    const typed = (await page('?type=IncidentAcknowledged').expect(200)).text;
    expect([...typed.matchAll(/<tr id="event-([^"]+)"/g)].map((m) => m[1])).toEqual([incident.eventIds.acknowledged]);
  });

  it('answers an unknown incident with a 404 problem and a bad query with a 400 naming the field, as the JSON timeline does', async () => {
    const unknown = await review.http().get(`/review/incidents/${newId()}/timeline.html`).expect(404);
    expect(unknown.headers['content-type']).toContain('application/problem+json');
    for (const [query, field] of [['?at=yesterday', 'at'], ['?at=2026-02-30T00:32:43Z', 'at'], ['?context=billing', 'context'], ['?type=not-a-type', 'type']]) {
      const bad = await page(query).expect(400);
      expect(bad.headers['content-type']).toContain('application/problem+json');
      expect(bad.body.errors).toEqual([expect.objectContaining({ field })]);
    }
  });

  it('is for viewers: no token, no page', async () => {
    await review.httpAs(null).get(`/review/incidents/${incident.incidentId}/timeline.html`).expect(401);
  });
});
