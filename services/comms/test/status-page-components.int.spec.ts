import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock, newId } from '@linchpin/eventsourcing';
import { ServiceApp, startServiceApp } from '@linchpin/service-testing';
import { CommsModule } from '../src/comms.module';
import { COMMS_SERVICE } from '../src/service';
import { hearConfig, serviceRegistered, serviceRetired, serviceUpdated, windowCancelled, windowScheduled } from './support/status-page-catalog';
import { liveIncident } from './support/status-page-incident';

/*
 * Issue 15: the status page's components come from triage's service catalog (every catalogued service, operational
 * without an incident) and detection's maintenance windows (a covered service is under maintenance while the window
 * is in force), both heard over the in-process bus as their services publish them. Time is a ManualClock.
 */
describe('status page components from the service catalog and maintenance windows (SQLite + in-process bus, real HTTP)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'linchpin-status-components-'));
  const sqlitePath = join(dir, 'events.db');
  const clock = new ManualClock('2026-05-02T08:00:00.000Z');
  const HOUR = 60 * 60 * 1000;
  const at = (offsetHours: number) => new Date(Date.parse('2026-05-02T08:00:00.000Z') + offsetHours * HOUR).toISOString();
  let comms: ServiceApp;
  const page = async () => (await comms.httpAs(null).get('/status.json').expect(200)).body;
  const statusOf = async (name: string) => (await page()).components.find((c: { name: string }) => c.name === name)?.status;

  beforeAll(async () => {
    comms = await startServiceApp({ service: COMMS_SERVICE, module: CommsModule, sqlitePath, clock });
  });
  afterAll(async () => {
    await comms?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('shows a catalogued service with no incident as operational, by its display name; a renamed one under its new name, a retired one gone', async () => {
    await hearConfig(comms, 'triage', serviceRegistered('checkout'), serviceRegistered('search'), serviceRegistered('legacy', 'Legacy API'));
    await hearConfig(comms, 'triage', serviceUpdated('checkout', 'Checkout', 1), serviceRetired('legacy', 1));
    const answer = await page();
    expect(answer.components).toEqual([
      { name: 'Checkout', status: 'operational' },
      { name: 'search', status: 'operational' },
    ]);
    expect(answer.status).toEqual({ indicator: 'none', description: 'All Systems Operational' });
    expect(answer.incidents).toEqual([]);
    expect(answer.scheduledMaintenances).toEqual([]);
  });

  it('shows a covered service under maintenance while the window is in force, operational before and after; the window listed by its components, never its own name', async () => {
    const windowId = newId();
    await hearConfig(comms, 'detection', windowScheduled({ windowId, startsAt: at(1), endsAt: at(3), services: ['search'], labels: { env: 'prod' }, name: 'db-7 firmware (internal)' }));

    expect(await statusOf('search')).toBe('operational');
    const before = await page();
    expect(before.scheduledMaintenances).toEqual([
      { id: windowId, name: 'Scheduled maintenance of search', status: 'scheduled', scheduledFor: at(1), scheduledUntil: at(3), components: ['search'] },
    ]);

    clock.advance(1 * HOUR);
    const during = await page();
    expect(during.components).toEqual([
      { name: 'Checkout', status: 'operational' },
      { name: 'search', status: 'under_maintenance' },
    ]);
    expect(during.status).toEqual({ indicator: 'maintenance', description: 'Service Under Maintenance' });
    expect(during.scheduledMaintenances[0]).toMatchObject({ status: 'in_progress' });
    const html = (await comms.httpAs(null).get('/status').expect(200)).text;
    expect(html).toMatch(/<span>search<\/span> <span class="status s-under_maintenance"><span aria-hidden="true">⚙<\/span> Under maintenance<\/span>/);
    expect(html).toContain('Scheduled maintenance of search');
    expect(JSON.stringify(during) + html).not.toContain('db-7');

    clock.advance(2 * HOUR);
    expect(await statusOf('search')).toBe('operational');
    expect((await page()).scheduledMaintenances).toEqual([]);
  });

  it('a cancelled window puts its service back to operational at once; a window naming no service (labels only) covers no component', async () => {
    const windowId = newId();
    await hearConfig(comms, 'detection', windowScheduled({ windowId, startsAt: at(2), endsAt: at(6), labels: { service: 'checkout' } }));
    await hearConfig(comms, 'detection', windowScheduled({ startsAt: at(2), endsAt: at(6), labels: { team: 'db' } }));
    expect(await statusOf('Checkout')).toBe('under_maintenance');
    expect(await statusOf('search')).toBe('operational');

    await hearConfig(comms, 'detection', windowCancelled(windowId));
    expect(await statusOf('Checkout')).toBe('operational');
    expect((await page()).scheduledMaintenances).toEqual([]);
  });

  it('an incident outranks maintenance, and names its component as the page does', async () => {
    await hearConfig(comms, 'detection', windowScheduled({ startsAt: at(3), endsAt: at(5), services: ['checkout'] }));
    expect(await statusOf('Checkout')).toBe('under_maintenance');
    const incidentId = await liveIncident(comms, 'checkout', 'P2');
    const answer = await page();
    expect(answer.components).toContainEqual({ name: 'Checkout', status: 'partial_outage' });
    expect(answer.incidents[0]).toMatchObject({ id: incidentId, name: 'Partial outage of Checkout', component: 'Checkout' });
  });

  it('records each catalog and window event once (a redelivery records nothing) and shows the same page after a restart', async () => {
    const stream = await comms.store.readStream('publicService-search');
    expect(stream).toHaveLength(1);
    await hearConfig(comms, 'triage', { ...serviceRegistered('search'), id: stream[0].metadata.causationId });
    expect(await comms.store.readStream('publicService-search')).toHaveLength(1);

    const before = await page();
    await comms.close();
    comms = await startServiceApp({ service: COMMS_SERVICE, module: CommsModule, sqlitePath, clock });
    expect(await page()).toEqual(before);
  });
});
