import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { asAdmin, eventually, WebhookReceiver } from '@linchpin/testing';
import { EmbeddedApp, startEmbedded } from './support/embedded-app';

/**
 * Issue 14: the acknowledge link of a page, in one process. Comms sends the page with
 * `links.acknowledge` built from LINCHPIN_PUBLIC_URL; following it with POST, without a token,
 * acknowledges the incident as the person paged, and every context hears of it.
 */
jest.setTimeout(60_000);
/** Bounds each wait on the bus (not a timing assertion). */
const WAIT_MS = 20_000;
const PUBLIC_URL = 'https://linchpin.example.com/ops';

describe('standalone: acknowledging a page from its link', () => {
  let app: INestApplication;
  let embedded: EmbeddedApp;
  const receiver = new WebhookReceiver();
  let receiverUrl: string;

  beforeAll(async () => {
    receiverUrl = await receiver.start();
    embedded = await startEmbedded('acknowledge-link', { OUTBOUND_ALLOW_CIDRS: '127.0.0.0/8', LINCHPIN_PUBLIC_URL: PUBLIC_URL });
    app = embedded.app;
  });

  afterAll(async () => {
    await embedded?.close();
    await receiver.stop();
  });

  const http = () => asAdmin(app.getHttpServer());

  it('pages with a link to LINCHPIN_PUBLIC_URL; a GET of it acts on nothing, a POST acknowledges as the person paged', async () => {
    await http()
      .post('/coordination/teams')
      .send({ name: 'checkout-oncall', members: [{ name: 'alice', onCallOrder: 1, contact: { webhookUrl: `${receiverUrl}/alice` } }] })
      .expect(201);
    const { body: alert } = await http()
      .post('/detection/alerts')
      .send({ source: 'prometheus', summary: 'Checkout error rate above 5%', severity: 'critical', labels: { service: 'checkout', team: 'checkout-oncall' } })
      .expect(202);
    const { incidentId } = alert;

    const page = await eventually('the page to alice', async () => receiver.on('/alice').find((w) => w.body?.incidentId === incidentId), WAIT_MS);
    const link: string = page.body.links.acknowledge;
    expect(link).toMatch(new RegExp(`^${PUBLIC_URL}/coordination/links/acknowledge/[A-Za-z0-9_-]{96}$`));
    // The public URL is where people reach this process: the test sends the link's path to it.
    const path = new URL(link).pathname.slice('/ops'.length);
    const { body: incident } = await http().get(`/coordination/incidents/${incidentId}`).expect(200);
    const personId: string = incident.pages[0].personId;

    const preview = await request(app.getHttpServer()).get(path).expect(200);
    expect(preview.body).toMatchObject({ incidentId, personId, person: 'alice', status: 'triggered', wouldAcknowledge: true });
    expect((await http().get(`/coordination/incidents/${incidentId}`)).body.status).toBe('triggered');

    await request(app.getHttpServer()).post(path).expect(202);
    expect((await http().get(`/coordination/incidents/${incidentId}`)).body).toMatchObject({ status: 'acknowledged', acknowledgedBy: `person:${personId}` });
    const again = await request(app.getHttpServer()).post(path).expect(409);
    expect(again.body.code).toBe('already_acknowledged');

    // Triage and review hear of it as of any acknowledgement.
    const timeline = await eventually('the acknowledgement on the timeline', async () => {
      const { body } = await http().get(`/review/incidents/${incidentId}/timeline`);
      return body.entries?.some((e: { type: string }) => e.type === 'IncidentAcknowledged') ? body : undefined;
    }, WAIT_MS);
    const entry = timeline.entries.find((e: { type: string }) => e.type === 'IncidentAcknowledged');
    expect(JSON.stringify(entry)).toContain(`person:${personId}`);
    // Nothing a consumer reads holds the link.
    expect(JSON.stringify(timeline)).not.toContain(link.split('/').pop());
  });
});
