import { asAdmin, eventually } from '@linchpin/testing';
import request from 'supertest';
import { EmbeddedApp, startEmbedded } from './support/embedded-app';

const WAIT_MS = 20_000;

/*
 * Issue 15, end to end in one process over real HTTP: a service registered through triage's catalog route and a
 * maintenance window scheduled through detection's route reach comms' public status page over the in-process bus
 * (relayed from triage's and detection's streams), with no incident anywhere.
 */
describe('standalone: the status page lists catalogued services and their maintenance', () => {
  let embedded: EmbeddedApp;
  const server = () => embedded.app.getHttpServer();
  const statusPage = async () => (await request(server()).get('/status.json').expect(200)).body;
  const component = (page: { components: { name: string; status: string }[] }, name: string) => page.components.find((c) => c.name === name);

  beforeAll(async () => {
    embedded = await startEmbedded('status-page-components');
  });
  afterAll(async () => {
    await embedded?.close();
  });

  it('shows a service registered in triage as operational, then under maintenance once detection schedules a window over it, then operational when it is cancelled', async () => {
    await asAdmin(server()).post('/triage/services').send({ name: 'storefront', displayName: 'Storefront', tier: 2, owningTeam: 'web' }).expect(201);
    const listed = await eventually('Storefront on the status page', async () => component(await statusPage(), 'Storefront'), WAIT_MS);
    expect(listed).toEqual({ name: 'Storefront', status: 'operational' });

    const now = Date.now();
    const window = await asAdmin(server())
      .post('/detection/maintenance-windows')
      .send({ name: 'storefront db failover drill', startsAt: new Date(now - 60_000).toISOString(), endsAt: new Date(now + 60 * 60_000).toISOString(), services: ['storefront'] })
      .expect(201);
    const during = await eventually('Storefront under maintenance', async () => {
      const page = await statusPage();
      return component(page, 'Storefront')?.status === 'under_maintenance' ? page : undefined;
    }, WAIT_MS);
    expect(during.status).toEqual({ indicator: 'maintenance', description: 'Service Under Maintenance' });
    expect(during.scheduledMaintenances).toEqual([expect.objectContaining({ id: window.body.windowId, name: 'Scheduled maintenance of Storefront', status: 'in_progress', components: ['Storefront'] })]);
    expect(JSON.stringify(during)).not.toContain('failover drill');

    await asAdmin(server()).post(`/detection/maintenance-windows/${window.body.windowId}/cancel`).expect(200);
    const after = await eventually('Storefront operational again', async () => {
      const page = await statusPage();
      return component(page, 'Storefront')?.status === 'operational' ? page : undefined;
    }, WAIT_MS);
    expect(after.scheduledMaintenances).toEqual([]);
  });
});
