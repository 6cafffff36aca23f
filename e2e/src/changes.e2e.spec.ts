import { eventually } from '@linchpin/testing';
import { randomUUID } from 'node:crypto';
import { Cluster, startCluster } from './support/cluster';
import { getJson, postJson } from './support/http';

/**
 * Issue 16, item 9, over the real broker and five processes: a deploy pipeline reports changes the PagerDuty way
 * (`/v2/change/enqueue`, the body of PagerDuty's documentation) and the generic way (`POST /detection/changes`); triage's
 * catalog says the storefront depends on the database; when the storefront's incident opens, review (its own copies of
 * the changes and the catalog, read from the bus) shows the storefront's change and the database's in the day before
 * it, on the timeline and in the state as of a moment, and not a change older than the window.
 */
describe('changes next to incidents over a real Kafka broker, five processes', () => {
  const run = randomUUID().slice(0, 8);
  const shop = `shop-${run}`;
  const db = `shopdb-${run}`;
  let cluster: Cluster;

  beforeAll(async () => {
    cluster = await startCluster({ name: 'changes' });
  });
  afterAll(async () => cluster?.stop());

  it('shows the changes to the incident’s service and to the service it depends on, within the window, not older ones', async () => {
    const triage = cluster.url('triage');
    const detection = cluster.url('detection');
    expect((await postJson(`${triage}/triage/services`, { name: db, tier: 1, owningTeam: `team-${run}`, dependsOn: [] })).status).toBe(201);
    expect((await postJson(`${triage}/triage/services`, { name: shop, tier: 1, owningTeam: `team-${run}`, dependsOn: [db] })).status).toBe(201);
    const integration = await postJson(`${detection}/detection/integrations`, { name: `db CI ${run}`, kind: 'pagerduty', service: db });
    expect(integration.status).toBe(201);
    const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();

    // PagerDuty's documented example, as its clients send it, with this integration's key and a recent timestamp.
    const pagerDuty = (summary: string, timestamp: string) => ({
      routing_key: integration.body.key,
      payload: { summary, timestamp, source: 'acme-build-pipeline-tool-default-i-9999', custom_details: { build_state: 'passed', build_number: '2', run_time: '1236s' } },
      links: [{ href: 'https://acme.pagerduty.dev/build/2', text: 'View more details in Acme!' }],
    });
    const accepted = await postJson(`${detection}/v2/change/enqueue`, pagerDuty(`Raise ${db} connection limit`, hoursAgo(1)));
    expect(accepted).toEqual({ status: 202, body: { status: 'success', message: 'Change event processed' } });
    expect((await postJson(`${detection}/v2/change/enqueue`, pagerDuty(`Old ${db} migration`, hoursAgo(30)))).status).toBe(202);
    const generic = await postJson(`${detection}/detection/changes`, { services: [shop], summary: `Deploy ${shop} v7`, timestamp: hoursAgo(2), source: 'github-actions' });
    expect(generic.status).toBe(202);

    const alert = await postJson(`${detection}/detection/alerts`, { source: 'prometheus', summary: `${shop} error rate above 5%`, severity: 'critical', labels: { service: shop } });
    expect(alert.status).toBe(202);
    const { incidentId } = alert.body;

    const changes = await eventually('review to show both changes next to the incident', async () => {
      const r = await getJson(`${cluster.url('review')}/review/incidents/${incidentId}/timeline`);
      const shown = r.status === 200 ? r.body.entries.filter((e: { type: string }) => e.type === 'ChangeRecorded') : [];
      return shown.length >= 2 ? shown : undefined;
    }, 90_000);
    // Listed as every entry is, by when it was recorded (the PagerDuty change was posted first).
    expect(changes.map((e: { summary: string; context: string; change: { relation: string; via: string[] } }) => [e.context, e.summary, e.change.relation, e.change.via])).toEqual([
      ['detection', `Change to ${db}, which ${shop} depends on: Raise ${db} connection limit`, 'dependency', [shop, db]],
      ['detection', `Change to ${shop}: Deploy ${shop} v7`, 'impacted', [shop]],
    ]);
    expect(changes[1].change.changeId).toBe(generic.body.changeId);

    const { state } = (await getJson(`${cluster.url('review')}/review/incidents/${incidentId}/timeline?at=${encodeURIComponent(new Date().toISOString())}`)).body;
    expect(state.services).toContain(shop);
    expect(state.changes.map((c: { summary: string }) => c.summary)).toEqual([`Raise ${db} connection limit`, `Deploy ${shop} v7`]);
  });
});
