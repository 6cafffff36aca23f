import { eventually } from '@linchpin/testing';
import { randomUUID } from 'node:crypto';
import { getJson, postJson } from './http';
import { Endpoints } from './incident-scenario';

/**
 * Issue 5's journey, over HTTP only: an incident on a tier-3 service is triaged P3; the same
 * Alertmanager group then fires on a database that a tier-1 service depends on (through an API);
 * triage walks the service graph, raises the incident to P1 with the reason, and coordination
 * takes the new priority. When Alertmanager then reports both alerts resolved, detection clears the
 * incident's signals and coordination auto-resolves it (the team's default policy).
 */
export async function runRetriageScenario(urls: Endpoints): Promise<void> {
  const run = randomUUID().slice(0, 8);
  const name = (service: string) => `${service}-${run}`;
  const services = [
    { name: name('checkout'), tier: 1, owningTeam: name('payments'), dependsOn: [name('payments-api')] },
    { name: name('payments-api'), tier: 2, owningTeam: name('payments'), dependsOn: [name('payments-db')] },
    { name: name('payments-db'), tier: 3, owningTeam: name('dba'), dependsOn: [] },
    { name: name('search'), tier: 3, owningTeam: name('search'), dependsOn: [] },
  ];
  for (const service of services) expect((await postJson(`${urls.triage}/triage/services`, service)).status).toBe(201);
  const team = await postJson(`${urls.coordination}/coordination/teams`, {
    name: name('search'),
    members: [{ name: 'carol', onCallOrder: 1, contact: { webhookUrl: 'http://127.0.0.1:9/unused' } }],
  });
  expect(team.status).toBe(201);

  const integration = await postJson(`${urls.detection}/detection/integrations`, { name: `am-${run}`, kind: 'alertmanager', service: name('search') });
  expect(integration.status).toBe(201);
  const webhook = `${urls.detection}/detection/integrations/alertmanager/${integration.body.key}`;
  const alert = (service: string, fingerprint: string) => ({
    status: 'firing',
    labels: { alertname: 'HighLatency', service, severity: 'error', run },
    annotations: { summary: `High latency on ${service}` },
    startsAt: new Date().toISOString(),
    endsAt: '0001-01-01T00:00:00Z',
    generatorURL: 'http://127.0.0.1:9090/graph',
    fingerprint,
  });
  const group = (alerts: object[]) => ({
    version: '4',
    groupKey: `{}:{alertname="HighLatency", run="${run}"}`,
    truncatedAlerts: 0,
    status: 'firing',
    receiver: 'linchpin',
    groupLabels: { alertname: 'HighLatency', run },
    commonLabels: { alertname: 'HighLatency', run },
    commonAnnotations: {},
    externalURL: 'http://127.0.0.1:9093',
    alerts,
  });

  const searchAlert = alert(name('search'), `a1${run}`);
  const first = await postJson(webhook, group([searchAlert]));
  expect(first.status).toBe(202);
  const incidentId: string = first.body.results[0].incidentId;

  const triaged = await eventually('triage to triage the incident', async () => {
    const view = await getJson(`${urls.triage}/triage/incidents/${incidentId}`);
    return view.status === 200 && view.body.triaged ? view.body : undefined;
  });
  expect(triaged).toMatchObject({ priority: 'P3', impact: 3, urgency: 2 });
  await eventually('coordination to take the P3 incident', async () => {
    const view = await getJson(`${urls.coordination}/coordination/incidents/${incidentId}`);
    return view.status === 200 && view.body.priority === 'P3' ? true : undefined;
  });

  // Alertmanager re-sends the whole group: now the database a tier-1 service depends on fires too.
  const second = await postJson(webhook, group([searchAlert, alert(name('payments-db'), `a2${run}`)]));
  expect(second.status).toBe(202);
  expect(second.body.results.map((r: { outcome: string }) => r.outcome)).toEqual(['deduplicated', 'grouped']);
  expect(second.body.results[1].incidentId).toBe(incidentId);

  const raised = await eventually('triage to raise the priority', async () => {
    const view = await getJson(`${urls.triage}/triage/incidents/${incidentId}`);
    return view.body.priority === 'P1' ? view.body : undefined;
  });
  expect(raised).toMatchObject({ initialPriority: 'P3', priority: 'P1', incidentSeverity: 'SEV1', impact: 1, overridden: false });
  expect(raised.evidence).toMatchObject({ criticalTier: 1, impactedServices: [name('payments-db'), name('search')].sort() });
  expect(raised.rationale.join(' ')).toContain(`tier-1 service ${name('checkout')}`);

  await eventually('coordination to take the new priority', async () => {
    const view = await getJson(`${urls.coordination}/coordination/incidents/${incidentId}`);
    return view.body.priority === 'P1' ? true : undefined;
  });

  const resolved = (a: ReturnType<typeof alert>) => ({ ...a, status: 'resolved', endsAt: new Date().toISOString() });
  const last = await postJson(webhook, { ...group([resolved(searchAlert), resolved(alert(name('payments-db'), `a2${run}`))]), status: 'resolved' });
  expect(last.status).toBe(202);
  const closed = await eventually('coordination to auto-resolve the incident', async () => {
    const view = await getJson(`${urls.coordination}/coordination/incidents/${incidentId}`);
    return view.body.status === 'resolved' ? view.body : undefined;
  });
  expect(closed).toMatchObject({ resolvedBy: 'system:auto-resolve' });
  await eventually('triage to learn of the resolution', async () => {
    const view = await getJson(`${urls.triage}/triage/incidents/${incidentId}`);
    return view.body.status === 'resolved' ? true : undefined;
  });
}
