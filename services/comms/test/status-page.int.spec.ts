import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ServiceApp, startServiceApp } from '@linchpin/service-testing';
import { CommsModule } from '../src/comms.module';
import { COMMS_SERVICE } from '../src/service';
import { hear, INTERNAL_UPDATE, liveIncident, PUBLIC_UPDATE, resolved, triaged } from './support/status-page-incident';

/*
 * Issue 15, the public status page: `/status`, `/status.json` and `/status/feed.atom` answer without a token, show
 * each service as a component at the worst of its open incidents, the open incidents with their public updates
 * only, and the incidents resolved in the last 90 days. State comes from comms' own store, so it survives a restart.
 */
describe('the public status page (SQLite + in-process bus, real HTTP)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'linchpin-status-page-'));
  const sqlitePath = join(dir, 'events.db');
  const env = { LINCHPIN_PUBLIC_URL: 'https://status.example.com/linchpin' };
  let comms: ServiceApp;
  let live: string;
  let past: string;

  beforeAll(async () => {
    comms = await startServiceApp({ service: COMMS_SERVICE, module: CommsModule, sqlitePath, env });
    live = await liveIncident(comms, 'checkout', 'P2');
    past = await liveIncident(comms, 'search', 'P1', 'Search is back <script>alert(1)</script> & fast');
    await hear(comms, 'coordination', resolved(past, 5));
  });
  afterAll(async () => {
    await comms?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers /status.json without a token: the degraded component, the live incident with its public update only, the resolved one in history', async () => {
    const answer = await comms.httpAs(null).get('/status.json').expect(200);
    expect(answer.headers['content-type']).toContain('application/json');
    const page = answer.body;
    expect(page.status).toEqual({ indicator: 'major', description: 'Partial System Outage' });
    expect(page.components).toEqual([
      { name: 'checkout', status: 'partial_outage' },
      { name: 'search', status: 'operational' },
    ]);
    expect(page.incidents).toHaveLength(1);
    expect(page.incidents[0]).toMatchObject({ id: live, name: 'Partial outage of checkout', status: 'identified', impact: 'major', component: 'checkout', resolvedAt: null });
    expect(page.incidents[0].updates.map((u: { body: string }) => u.body)).toEqual([PUBLIC_UPDATE]);
    expect(JSON.stringify(page)).not.toContain(INTERNAL_UPDATE);
    // The alert's title (a host, a customer) is not published.
    expect(JSON.stringify(page)).not.toContain('db-7.internal');
    expect(page.history.map((i: { id: string; status: string }) => [i.id, i.status])).toEqual([[past, 'resolved']]);
    expect(page.historyDays).toBe(90);
  });

  it('answers /status/feed.atom: an Atom feed with an entry per incident, public updates only, everything escaped', async () => {
    const answer = await comms.httpAs(null).get('/status/feed.atom').expect(200);
    expect(answer.headers['content-type']).toContain('application/atom+xml');
    const xml = answer.text;
    expect(xml).toContain('<feed xmlns="http://www.w3.org/2005/Atom">');
    expect(xml).toContain('<link rel="self" href="https://status.example.com/linchpin/status/feed.atom"/>');
    expect(xml).toContain(`<id>urn:uuid:${live}</id>`);
    expect(xml).toContain(`<id>urn:uuid:${past}</id>`);
    expect(xml).toContain('Partial outage of checkout');
    expect(xml).toContain(PUBLIC_UPDATE);
    expect(xml).not.toContain(INTERNAL_UPDATE);
    expect(xml).toContain('Search is back &lt;script&gt;alert(1)&lt;/script&gt; &amp; fast');
    expect(xml).not.toContain('<script>');
  });

  it('answers /status as HTML under its own CSP (nothing loads or runs, only its stylesheet), every value escaped', async () => {
    const answer = await comms.httpAs(null).get('/status').expect(200);
    expect(answer.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(answer.headers['content-security-policy']).toMatch(/^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/]+=*'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'$/);
    const html = answer.text;
    expect(html).toContain('<main id="main">');
    expect(html).toContain('Partial outage of checkout');
    expect(html).toContain(PUBLIC_UPDATE);
    expect(html).not.toContain(INTERNAL_UPDATE);
    expect(html).toContain('Search is back &lt;script&gt;alert(1)&lt;/script&gt; &amp; fast');
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('prefers-color-scheme: dark');
  });

  it('records what it heard once (a redelivery records nothing), and shows the same page after a restart', async () => {
    const incidentId = live;
    const before = (await comms.store.readStream(`publicIncident-${incidentId}`)).length;
    await hear(comms, 'triage', { ...triaged(incidentId, 'checkout', 'P2'), id: (await comms.store.readStream(`publicIncident-${incidentId}`))[0].metadata.causationId });
    expect(await comms.store.readStream(`publicIncident-${incidentId}`)).toHaveLength(before);

    const page = (await comms.httpAs(null).get('/status.json').expect(200)).body;
    await comms.close();
    comms = await startServiceApp({ service: COMMS_SERVICE, module: CommsModule, sqlitePath, env });
    const again = (await comms.httpAs(null).get('/status.json').expect(200)).body;
    expect({ ...again, updatedAt: undefined }).toEqual({ ...page, updatedAt: undefined });
  });
});
