import { eventually, WebhookReceiver } from '@linchpin/testing';
import { randomUUID } from 'node:crypto';
import { Endpoints } from './incident-scenario';
import { getJson, postJson } from './http';

/** Where the five processes' links point (LINCHPIN_PUBLIC_URL): a gateway in front of them, with a path prefix. */
export const E2E_PUBLIC_URL = 'https://linchpin.example.test/ops';

/**
 * Issue 14, across processes: comms (its own process) sends the page with an acknowledge link built
 * from LINCHPIN_PUBLIC_URL; the link, sent to coordination's process (as the gateway would route it),
 * acknowledges without a token as the person paged. The processes share LINCHPIN_ADMIN_TOKEN, so they
 * share the link key.
 */
export async function runAcknowledgeLinkScenario(urls: Endpoints, receiver: WebhookReceiver, receiverUrl: string): Promise<void> {
  const run = randomUUID().slice(0, 8);
  const team = `links-${run}`;
  expect((await postJson(`${urls.coordination}/coordination/teams`, { name: team, members: [{ name: 'alice', onCallOrder: 1, contact: { webhookUrl: `${receiverUrl}/links/${run}` } }] })).status).toBe(201);
  const alert = await postJson(`${urls.detection}/detection/alerts`, {
    source: 'prometheus',
    summary: `Checkout error rate above 5% (${run})`,
    severity: 'critical',
    labels: { alertname: 'HighErrorRate', service: `checkout-${run}`, team },
  });
  expect(alert.status).toBe(202);
  const { incidentId } = alert.body;

  const page = await eventually('the page with its link', async () => receiver.on(`/links/${run}`).find((w) => w.body?.incidentId === incidentId));
  const link: string = page.body.links.acknowledge;
  expect(link).toMatch(new RegExp(`^${E2E_PUBLIC_URL}/coordination/links/acknowledge/[A-Za-z0-9_-]{96}$`));
  const atCoordination = `${urls.coordination}${new URL(link).pathname.slice(new URL(E2E_PUBLIC_URL).pathname.length)}`;

  const preview = await fetch(atCoordination);
  expect(preview.status).toBe(200);
  expect(await preview.json()).toMatchObject({ incidentId, person: 'alice', status: 'triggered', wouldAcknowledge: true });

  // No Authorization header: the link is the credential.
  const ack = await fetch(atCoordination, { method: 'POST' });
  expect(ack.status).toBe(202);
  const acknowledged = (await getJson(`${urls.coordination}/coordination/incidents/${incidentId}`)).body;
  expect(acknowledged).toMatchObject({ status: 'acknowledged', acknowledgedBy: `person:${acknowledged.pages[0].personId}` });
  expect((await fetch(atCoordination, { method: 'POST' })).status).toBe(409);

  // Triage, in its own process, hears of it over Kafka.
  await eventually('triage sees the acknowledgement', async () => {
    const r = await getJson(`${urls.triage}/triage/incidents/${incidentId}`);
    return r.status === 200 && r.body.status === 'acknowledged' ? r.body : undefined;
  });
}

/**
 * Issue 15, across processes: a person registered with a Microsoft Teams contact method (coordination
 * publishes PersonRegistered v2 and ResponderPaged v3 over Kafka) is paged by comms with an Adaptive
 * Card whose acknowledge link, sent to coordination's process, acknowledges as that person.
 */
export async function runTeamsAcknowledgeLinkScenario(urls: Endpoints, receiver: WebhookReceiver, receiverUrl: string): Promise<void> {
  const run = randomUUID().slice(0, 8);
  const team = `teams-${run}`;
  const person = await postJson(`${urls.coordination}/coordination/people`, { name: `erin-${run}`, contactMethods: [{ kind: 'teams', address: `${receiverUrl}/teams/${run}` }] });
  expect(person.status).toBe(201);
  expect(person.body.contactMethods).toEqual([{ id: expect.any(String), kind: 'teams' }]);
  expect((await postJson(`${urls.coordination}/coordination/teams`, { name: team, members: [{ personId: person.body.personId, onCallOrder: 1 }] })).status).toBe(201);
  const alert = await postJson(`${urls.detection}/detection/alerts`, {
    source: 'prometheus',
    summary: `Checkout latency above 2 s (${run})`,
    severity: 'critical',
    labels: { alertname: 'HighLatency', service: `checkout-${run}`, team },
  });
  expect(alert.status).toBe(202);
  const { incidentId } = alert.body;

  const message = await eventually('the Adaptive Card page', async () => receiver.on(`/teams/${run}`)[0]?.body);
  expect(message).toMatchObject({ type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: { type: 'AdaptiveCard' } }] });
  const actions = message.attachments[0].content.actions as { title: string; url: string }[];
  expect(actions).toContainEqual({ type: 'Action.OpenUrl', title: 'Open incident', url: `${E2E_PUBLIC_URL}/coordination/incidents/${incidentId}` });
  const link = actions.find((a) => a.title === 'Acknowledge link')!.url;
  expect(link).toMatch(new RegExp(`^${E2E_PUBLIC_URL}/coordination/links/acknowledge/[A-Za-z0-9_-]{96}$`));
  const atCoordination = `${urls.coordination}${new URL(link).pathname.slice(new URL(E2E_PUBLIC_URL).pathname.length)}`;

  // No Authorization header: the link is the credential.
  expect((await fetch(atCoordination, { method: 'POST' })).status).toBe(202);
  const acknowledged = (await getJson(`${urls.coordination}/coordination/incidents/${incidentId}`)).body;
  expect(acknowledged).toMatchObject({ status: 'acknowledged', acknowledgedBy: `person:${person.body.personId}`, pages: [expect.objectContaining({ contactKind: 'teams' })] });
}
