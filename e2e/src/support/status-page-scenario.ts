import { eventually } from '@linchpin/testing';
import { randomUUID } from 'node:crypto';
import { getJson, postJson } from './http';
import { Endpoints } from './incident-scenario';

type StatusPage = { components: { name: string; status: string }[]; scheduledMaintenances: { id: string; status: string; components: string[] }[] };

/**
 * Issue 15 across processes: a service registered in triage's catalog and a maintenance window scheduled in detection
 * reach comms' public status page over Kafka (triage's and detection's topics), with no incident: the service shows
 * operational under its display name, under maintenance while the window is in force, and operational once it is
 * cancelled.
 */
export async function runStatusPageCatalogScenario(urls: Endpoints): Promise<void> {
  const run = randomUUID().slice(0, 8);
  const service = `storefront-${run}`;
  const displayName = `Storefront ${run}`;
  const page = async () => (await getJson<StatusPage>(`${urls.comms}/status.json`)).body;
  const statusOf = async (status: string) => ((await page()).components.find((c) => c.name === displayName)?.status === status ? true : undefined);

  expect((await postJson(`${urls.triage}/triage/services`, { name: service, displayName, tier: 2, owningTeam: `web-${run}` })).status).toBe(201);
  await eventually(`${displayName} operational on comms' status page`, () => statusOf('operational'), 60_000);

  const now = Date.now();
  const window = await postJson<{ windowId: string }>(`${urls.detection}/detection/maintenance-windows`, {
    name: `failover drill ${run}`,
    startsAt: new Date(now - 60_000).toISOString(),
    endsAt: new Date(now + 60 * 60_000).toISOString(),
    services: [service],
  });
  expect(window.status).toBe(201);
  await eventually(`${displayName} under maintenance`, () => statusOf('under_maintenance'), 60_000);
  expect((await page()).scheduledMaintenances).toContainEqual(expect.objectContaining({ id: window.body.windowId, status: 'in_progress', components: [displayName] }));

  expect((await postJson(`${urls.detection}/detection/maintenance-windows/${window.body.windowId}/cancel`, {})).status).toBe(200);
  await eventually(`${displayName} operational again`, () => statusOf('operational'), 60_000);
}
