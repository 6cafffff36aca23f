import { eventually, hasValidSignature, WebhookReceiver } from '@linchpin/testing';
import { randomUUID } from 'node:crypto';
import { getJson, postJson } from './http';

export interface Endpoints {
  detection: string;
  triage: string;
  coordination: string;
  comms: string;
  review: string;
}

export interface ScenarioSetup {
  urls: Endpoints;
  receiver: WebhookReceiver;
  receiverUrl: string;
  /** The secret comms signs pages with (COMMS_SIGNING_SECRET). */
  pageSecret: string;
}

/**
 * The foundation's user journey, over HTTP only: an alert opens an incident, triage prioritises
 * and routes it, the on-call is paged with a signed webhook, acknowledges, a status update
 * reaches a subscriber, the incident is resolved, and the timeline holds every step in order.
 */
export async function runIncidentScenario({ urls, receiver, receiverUrl, pageSecret }: ScenarioSetup): Promise<void> {
  const run = randomUUID().slice(0, 8);
  const team = `payments-${run}`;
  const subscriberSecret = `subscriber-secret-${run}-0123456789`;

  const teamResponse = await postJson(`${urls.coordination}/coordination/teams`, {
    name: team,
    members: [
      { name: 'bob', onCallOrder: 2, contact: { webhookUrl: `${receiverUrl}/pager/bob` } },
      { name: 'alice', onCallOrder: 1, contact: { webhookUrl: `${receiverUrl}/pager/alice` } },
    ],
  });
  expect(teamResponse.status).toBe(201);

  const subscription = await postJson(`${urls.comms}/comms/subscriptions`, {
    webhookUrl: `${receiverUrl}/subscriber`,
    secret: subscriberSecret,
  });
  expect(subscription.status).toBe(201);

  const alert = {
    source: 'prometheus',
    summary: `Checkout error rate above 5% (${run})`,
    severity: 'critical',
    labels: { alertname: 'HighErrorRate', service: 'checkout', team, run },
  };
  const first = await postJson(`${urls.detection}/detection/alerts`, alert);
  expect(first.status).toBe(202);
  expect(first.body).toMatchObject({ deduplicated: false });
  const { incidentId, fingerprint } = first.body;

  // The same alert while it fires opens no second incident.
  const again = await postJson(`${urls.detection}/detection/alerts`, alert);
  expect(again.status).toBe(202);
  expect(again.body).toMatchObject({ deduplicated: true, incidentId, fingerprint });

  const triaged = await eventually('triage', async () => {
    const r = await getJson(`${urls.triage}/triage/incidents/${incidentId}`);
    return r.status === 200 && r.body.priority ? r.body : undefined;
  });
  expect(triaged.priority).toMatch(/^P[1-5]$/);
  expect(triaged.route.team).toBe(team);

  const page = await eventually('the page to the on-call', async () => receiver.on('/pager/alice')[0]);
  expect(hasValidSignature(page, pageSecret)).toBe(true);
  expect(hasValidSignature(page, 'not-the-secret')).toBe(false);
  expect(page.body).toMatchObject({ type: 'page', incidentId });
  expect(receiver.on('/pager/bob')).toHaveLength(0);

  const ack = await postJson(`${urls.coordination}/coordination/incidents/${incidentId}/acknowledge`, { by: 'alice' });
  expect(ack.status).toBe(202);
  const acknowledgedAt = new Date().toISOString();
  await new Promise((resolve) => setTimeout(resolve, 20)); // keep the ?at= instant strictly between two steps

  const update = await postJson(`${urls.comms}/comms/incidents/${incidentId}/updates`, {
    status: 'identified',
    message: 'A bad deploy of checkout; rolling back.',
  });
  expect(update.status).toBe(202);
  const delivered = await eventually('the status update to the subscriber', async () =>
    receiver.on('/subscriber').find((w) => w.body?.incidentId === incidentId),
  );
  expect(hasValidSignature(delivered, subscriberSecret)).toBe(true);
  expect(delivered.body).toMatchObject({ type: 'status-update', status: 'identified' });

  const resolved = await postJson(`${urls.coordination}/coordination/incidents/${incidentId}/resolve`, {
    by: 'alice',
    resolution: 'Rolled back',
  });
  expect(resolved.status).toBe(202);

  const steps = ['AlertFired', 'IncidentDetected', 'IncidentTriaged', 'ResponderPaged', 'IncidentAcknowledged', 'StatusUpdatePosted', 'IncidentResolved'];
  const timeline = await eventually('the full timeline', async () => {
    const r = await getJson(`${urls.review}/review/incidents/${incidentId}/timeline`);
    const types: string[] = r.status === 200 ? r.body.entries.map((e: { type: string }) => e.type) : [];
    const deliveries = types.filter((t) => t === 'NotificationDelivered').length;
    return steps.every((s) => types.includes(s)) && deliveries >= 2 ? r.body : undefined;
  });
  const types: string[] = timeline.entries.map((e: { type: string }) => e.type);
  const order = steps.map((s) => types.indexOf(s));
  expect(order).toEqual([...order].sort((a, b) => a - b));
  expect(types.filter((t) => t === 'IncidentDetected')).toHaveLength(1);
  const times = timeline.entries.map((e: { at: string }) => e.at);
  expect(times).toEqual([...times].sort());

  const asOf = await getJson(`${urls.review}/review/incidents/${incidentId}/timeline?at=${encodeURIComponent(acknowledgedAt)}`);
  expect(asOf.status).toBe(200);
  expect(asOf.body.state.status).toBe('acknowledged');
  expect(asOf.body.entries.map((e: { type: string }) => e.type)).not.toContain('IncidentResolved');

  const alerts = await getJson(`${urls.detection}/detection/incidents/${incidentId}/alerts`);
  expect(alerts.status).toBe(200);
  expect(alerts.body.alerts).toHaveLength(1);
  expect(alerts.body.alerts[0].occurrences).toBe(2);

  const response = await getJson(`${urls.coordination}/coordination/incidents/${incidentId}`);
  expect(response.body.status).toBe('resolved');
}
