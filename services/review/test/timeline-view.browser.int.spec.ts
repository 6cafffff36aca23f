import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, BrowserContext, Page, chromium } from 'playwright-core';
import { ManualClock } from '@linchpin/eventsourcing';
import { generateApiToken } from '@linchpin/platform';
import { ServiceApp, startServiceApp } from '@linchpin/service-testing';
import { ReviewModule } from '../src/review.module';
import { REVIEW_SERVICE } from '../src/service';
import { NOTE_TEXT, RecordedIncident, after, recordIncident } from './support/recorded-incident';

/*
 * Issue 16, item 3: an incident's timeline page as a person sees it, in headless Chromium (Debian's `chromium`, driven
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

(found ? describe : describe.skip)('review’s timeline page in headless Chromium, JavaScript off, as a viewer', () => {
  const viewer = generateApiToken();
  let review: ServiceApp;
  let browser: Browser;
  let origin: string;
  let incident: RecordedIncident;

  beforeAll(async () => {
    review = await startServiceApp({ service: REVIEW_SERVICE, module: ReviewModule, clock: new ManualClock(after(1500)), apiTokens: { [viewer]: { roles: ['viewer'] } } });
    incident = await recordIncident(review);
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
});
