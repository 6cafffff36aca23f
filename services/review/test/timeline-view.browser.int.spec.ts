import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, BrowserContext, Page, chromium } from 'playwright-core';
import { ManualClock } from '@linchpin/eventsourcing';
import { generateApiToken } from '@linchpin/platform';
import { ServiceApp, startServiceApp } from '@linchpin/service-testing';
import { ReviewModule } from '../src/review.module';
import { REVIEW_SERVICE } from '../src/service';
import { NOTE_TEXT, RecordedIncident, after, recordIncident } from './support/recorded-incident';
import { recordHistory } from './support/recorded-history';

/*
 * Issue 16, items 3 and 6: an incident's timeline page and the analytics page as a person sees them, in headless Chromium (Debian's `chromium`, driven
 * by playwright-core) with JavaScript off, as a viewer. Without a Chromium the test is skipped with the reason
 * printed, except under CI=true, where it must run (.ci/run installs `chromium`). Screenshots are kept in
 * .test-artifacts/review/.
 */
const executablePath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const found = existsSync(executablePath);
const ARTIFACTS = join(__dirname, '..', '..', '..', '.test-artifacts', 'review');

if (!found && process.env.CI === 'true') {
  throw new Error(`CI=true and no Chromium at ${executablePath}: install Debian's chromium (.ci/run does) or set CHROMIUM_PATH`);
}
if (!found) {
  console.log(`Review pages browser test skipped: no Chromium at ${executablePath} (apt-get install chromium, or set CHROMIUM_PATH)`);
}

(found ? describe : describe.skip)('review’s timeline and analytics pages in headless Chromium, JavaScript off, as a viewer', () => {
  const viewer = generateApiToken();
  let review: ServiceApp;
  let browser: Browser;
  let origin: string;
  let incident: RecordedIncident;

  beforeAll(async () => {
    review = await startServiceApp({ service: REVIEW_SERVICE, module: ReviewModule, clock: new ManualClock(after(1500)), apiTokens: { [viewer]: { roles: ['viewer'] } } });
    incident = await recordIncident(review);
    // A month of incidents (November 2026) for the analytics page.
    await recordHistory(review.bus);
    await review.app.listen(0, '127.0.0.1');
    origin = await review.app.getUrl();
    // --no-sandbox: containers and CI run as root, where Chromium's sandbox cannot start.
    browser = await chromium.launch({ executablePath, args: ['--no-sandbox'] });
    mkdirSync(ARTIFACTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await review?.close();
  });

  /** A page as the viewer opens it (the token as a bearer header, as any API client sends it), noting what the CSP blocked and any dialog. */
  async function open(path: string, colorScheme: 'dark' | 'light'): Promise<{ context: BrowserContext; page: Page; blocked: string[]; dialogs: string[] }> {
    const context = await browser.newContext({ javaScriptEnabled: false, colorScheme, viewport: { width: 1200, height: 900 }, extraHTTPHeaders: { authorization: `Bearer ${viewer}` } });
    const page = await context.newPage();
    const blocked: string[] = [];
    const dialogs: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) blocked.push(message.text());
    });
    page.on('dialog', (dialog) => void dialogs.push(dialog.message()));
    const answer = await page.goto(`${origin}${path}`);
    expect(answer?.status()).toBe(200);
    return { context, page, blocked, dialogs };
  }

  // The tests compile without the DOM's types: the browser's global, typed here.
  type Styled = { getComputedStyle(element: unknown): { backgroundColor: string } };

  it.each(['dark', 'light'] as const)('shows a lane per context, the four phases, the entries; a mark leads to its event’s row; a note’s markup is text (%s scheme)', async (colorScheme) => {
    const { context, page, blocked, dialogs } = await open(`/review/incidents/${incident.incidentId}/timeline.html`, colorScheme);

    const chart = page.getByRole('group', { name: `Timeline of incident ${incident.incidentId}` });
    await expect(chart.isVisible()).resolves.toBe(true);
    for (const lane of ['detection', 'triage', 'coordination', 'comms', 'review']) {
      // SVG text has no innerText: its text content, and that it shows.
      const label = chart.locator(`g.lane[data-lane="${lane}"] > text`);
      await expect(label.textContent()).resolves.toBe(lane);
      await expect(label.isVisible()).resolves.toBe(true);
    }
    const phases = chart.locator('a.phase > text');
    await expect(phases.allTextContents()).resolves.toEqual(['Detected', 'Acknowledged', 'Mitigated', 'Resolved']);
    await expect(chart.locator('a.mark').count()).resolves.toBe(incident.entries);
    await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toBe(`Timeline of incident ${incident.incidentId}`);
    await expect(page.locator('dl.figures').innerText()).resolves.toMatch(/Time to acknowledge\s+5m 45s/);

    // The note reads as its author wrote it, markup and all, and nothing ran.
    const noteRow = page.locator(`tr#event-${incident.noteId}`);
    await expect(noteRow.locator('td.summary').innerText()).resolves.toBe(`Decision about IncidentAcknowledged: ${NOTE_TEXT}`);
    expect(dialogs).toEqual([]);

    // Clicking the acknowledgement's mark in the coordination lane reaches its row, which the page highlights.
    const { acknowledged, mitigated } = incident.eventIds;
    await chart.locator(`g.lane[data-lane="coordination"] a.mark[href="#event-${acknowledged}"]`).click();
    expect(new URL(page.url()).hash).toBe(`#event-${acknowledged}`);
    const target = page.locator('tr:target');
    await expect(target.getAttribute('id')).resolves.toBe(`event-${acknowledged}`);
    await expect(target.locator('td').nth(3).innerText()).resolves.toBe('IncidentAcknowledged');
    await expect(target.isVisible()).resolves.toBe(true);
    await page.screenshot({ path: join(ARTIFACTS, `timeline-${colorScheme}-acknowledged-row.png`) });

    // A phase's label leads to the event that set it.
    await chart.locator('a.phase[data-phase="Mitigated"] > text').click();
    expect(new URL(page.url()).hash).toBe(`#event-${mitigated}`);
    await expect(page.locator('tr:target td').nth(3).innerText()).resolves.toBe('IncidentMitigated');

    // Its stylesheet applied (the CSP lets it by its hash), in the scheme the reader asked for.
    const background = await page.locator('body').evaluate((body) => (globalThis as unknown as Styled).getComputedStyle(body).backgroundColor);
    expect(background).toBe(colorScheme === 'dark' ? 'rgb(13, 17, 23)' : 'rgb(255, 255, 255)');
    expect(blocked).toEqual([]);

    await page.goto(`${origin}/review/incidents/${incident.incidentId}/timeline.html`);
    await page.screenshot({ path: join(ARTIFACTS, `timeline-${colorScheme}.png`), fullPage: true });
    await context.close();
  });

  it.each(['dark', 'light'] as const)('shows the analytics as charts: MTTA and MTTR by week, incidents by priority and service, pager load, alert sources (%s scheme)', async (colorScheme) => {
    const { context, page, blocked } = await open('/review/analytics.html?from=2026-11-01T00:00:00Z&to=2026-12-01T00:00:00Z', colorScheme);
    await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toBe('Incident analytics');
    await expect(page.locator('figcaption').allInnerTexts()).resolves.toEqual([
      'Time to acknowledge, by week',
      'Time to resolve, by week',
      'Incidents by priority',
      'Incidents by service',
      'Pager load per person',
      'Noisiest alert sources',
    ]);
    for (const id of ['mtta-by-week', 'mttr-by-week', 'incidents-by-priority', 'incidents-by-service', 'pages-by-person', 'alert-sources']) {
      const chart = page.getByRole('img', { name: (await page.locator(`svg#${id} > title`).textContent()) ?? id });
      await expect(chart.isVisible()).resolves.toBe(true);
      const box = await chart.boundingBox();
      expect(box?.width).toBeGreaterThan(300);
    }
    // What the reader reads off the charts: the weeks of the window, the priorities and services with their counts.
    const weeks = await page.locator('svg#mttr-by-week g.axis-x text').allTextContents();
    expect(weeks).toEqual(['2026-W44', '2026-W45', '2026-W46', '2026-W47', '2026-W48', '2026-W49']);
    await expect(page.locator('svg#mttr-by-week g.series[data-series="MTTR median"] circle').count()).resolves.toBe(2);
    const bars = async (id: string) => {
      const labels = await page.locator(`svg#${id} g.bar-group g.label text`).allTextContents();
      const values = await page.locator(`svg#${id} g.bar-group text.value`).allTextContents();
      return labels.map((label, i) => [label, values[i]]);
    };
    await expect(bars('incidents-by-priority')).resolves.toEqual([['P1', '2'], ['P2', '1'], ['P3', '1']]);
    await expect(bars('incidents-by-service')).resolves.toEqual([['billing', '1'], ['checkout', '2'], ['search', '1']]);
    await expect(page.locator('dl.figures').innerText()).resolves.toMatch(/Incidents\s+4/);
    expect(blocked).toEqual([]);

    await page.screenshot({ path: join(ARTIFACTS, `analytics-${colorScheme}.png`), fullPage: true });
    await context.close();
  });
});
