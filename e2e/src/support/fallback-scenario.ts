import { eventually, WebhookReceiver } from '@linchpin/testing';
import { randomUUID } from 'node:crypto';
import { getJson, postJson } from './http';
import { Endpoints } from './incident-scenario';

/**
 * Issue 10 item 2 over Kafka: an incident routed (by its `team` label) to a team coordination does
 * not know pages the default route's team (`operations`, routing-default v1), and both coordination's
 * and triage's views say it was paged and why the default route was used.
 */
export async function runFallbackScenario(urls: Endpoints, receiver: WebhookReceiver, receiverUrl: string): Promise<void> {
  const run = randomUUID().slice(0, 8);
  const pager = `/pager/olga-${run}`;
  const team = await postJson(`${urls.coordination}/coordination/teams`, {
    name: 'operations',
    members: [{ name: 'olga', onCallOrder: 1, contact: { webhookUrl: `${receiverUrl}${pager}` } }],
  });
  // 409: an earlier scenario of this run created it already; either way it exists.
  expect([201, 409]).toContain(team.status);

  const alert = await postJson(`${urls.detection}/detection/alerts`, {
    source: 'prometheus',
    summary: `Ledger writes failing (${run})`,
    severity: 'critical',
    labels: { service: `ledger-${run}`, team: `ghost-${run}`, run },
  });
  expect(alert.status).toBe(202);
  const { incidentId } = alert.body;

  await eventually('the page to the default route team', async () => (receiver.on(pager).length > 0 ? true : undefined), 60_000);
  const response = await eventually('coordination paged', async () => {
    const r = await getJson(`${urls.coordination}/coordination/incidents/${incidentId}`);
    return r.status === 200 ? r.body : undefined;
  });
  expect(response).toMatchObject({ team: 'operations', paged: true });
  expect(response.pagedReason).toContain(`team "ghost-${run}" does not exist`);

  const triage = await eventually('triage heard of the page', async () => {
    const r = await getJson(`${urls.triage}/triage/incidents/${incidentId}`);
    return r.status === 200 && r.body.paged !== null ? r.body : undefined;
  });
  expect(triage).toMatchObject({ paged: true, status: 'triaged', route: { team: `ghost-${run}` } });
  expect(triage.pagedReason).toContain("default route's team \"operations\"");
}
