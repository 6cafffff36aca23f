import { INestApplication, Logger } from '@nestjs/common';
import { asAdmin, eventually, freePort, WebhookReceiver } from '@linchpin/testing';
import { EmbeddedApp, startEmbedded } from './support/embedded-app';

/**
 * Issue 10, item 2: an incident routed to a team coordination does not know must not page nobody
 * silently. It falls through to the default route's team; when nobody at all can be paged, every
 * view says `paged: false` with the reason, /metrics counts it and a warning is logged.
 */
jest.setTimeout(60_000);
/** Bounds each wait on the bus (not a timing assertion). */
const WAIT_MS = 20_000;

describe('standalone: an incident for a team that does not exist', () => {
  let app: INestApplication;
  let embedded: EmbeddedApp;
  let receiver: WebhookReceiver;
  let receiverUrl: string;
  const warnings: string[] = [];

  beforeAll(async () => {
    // Spied before the app starts, so the start-up check's warning is caught too.
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(function (this: Logger, message: unknown) {
      warnings.push(String(message));
    });
    receiver = new WebhookReceiver();
    receiverUrl = await receiver.start();
    // The responder's pager is a local receiver: let the outbound guard reach loopback.
    // Short retries (the old shared variables, in ms): a dead webhook's page fails for good within the test.
    embedded = await startEmbedded('unpaged', { OUTBOUND_ALLOW_CIDRS: '127.0.0.0/8', COMMS_PAGE_RETRY_ATTEMPTS: '3', COMMS_DELIVERY_BACKOFF_MS: '20' });
    app = embedded.app;
  });

  afterAll(async () => {
    await embedded?.close();
    await receiver?.stop();
    jest.restoreAllMocks();
  });

  const http = () => asAdmin(app.getHttpServer());

  /** Each test's alert names its own service, so detection opens a new incident rather than grouping it into the last. */
  const alert = async (summary: string, service: string, team: string): Promise<string> => {
    const { body } = await http()
      .post('/detection/alerts')
      .send({ source: 'prometheus', summary, severity: 'critical', labels: { service, team } })
      .expect(202);
    expect(body.outcome).toBe('opened');
    return body.incidentId as string;
  };

  const coordinationView = (incidentId: string) =>
    eventually(`coordination's view of ${incidentId}`, async () => {
      const res = await http().get(`/coordination/incidents/${incidentId}`);
      return res.status === 200 ? res.body : undefined;
    }, WAIT_MS);

  /** Triage's view once it has heard from coordination whether anyone was paged. */
  const triageView = (incidentId: string) =>
    eventually(`triage's paging outcome of ${incidentId}`, async () => {
      const res = await http().get(`/triage/incidents/${incidentId}`);
      return res.status === 200 && typeof res.body.paged === 'boolean' ? res.body : undefined;
    }, WAIT_MS);

  const queueEntry = async (incidentId: string) => {
    const { body } = await http().get('/triage/queue?status=all&limit=200').expect(200);
    return (body.items as { incidentId: string }[]).find((item) => item.incidentId === incidentId) as Record<string, unknown> | undefined;
  };

  const unpagedCount = async (): Promise<number> => {
    const res = await http().get('/metrics').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    const lines = res.text.split('\n').filter((line) => line.startsWith('linchpin_incidents_unpaged_total{'));
    return lines.reduce((sum, line) => sum + Number(line.split(' ').pop()), 0);
  };

  it('warns at start-up that the default route names a team that does not exist', () => {
    expect(warnings.some((w) => w.includes('default route') && w.includes('"operations"'))).toBe(true);
  });

  it('pages the default route’s team when the routed team does not exist, and every view says why', async () => {
    await http()
      .post('/coordination/teams')
      .send({ name: 'operations', members: [{ name: 'olga', onCallOrder: 1, contact: { webhookUrl: `${receiverUrl}/olga` } }] })
      .expect(201);

    const incidentId = await alert('Checkout error rate above 5%', 'checkout', 'ghost');

    const page = await eventually('the page to olga', async () => receiver.on('/olga').find((w) => w.body?.incidentId === incidentId), WAIT_MS);
    expect(page.body).toMatchObject({ type: 'page', team: 'operations', responder: { name: 'olga' } });

    const response = await coordinationView(incidentId);
    expect(response).toMatchObject({ team: 'operations', paged: true });
    expect(response.pagedReason).toContain('team "ghost" does not exist');
    expect(response.pagedReason).toContain('default route');

    const triage = await triageView(incidentId);
    expect(triage).toMatchObject({ paged: true, status: 'triaged' });
    expect(triage.route.team).toBe('ghost');
    expect(triage.pagedReason).toContain('team "ghost" does not exist');
    expect(await queueEntry(incidentId)).toMatchObject({ paged: true, status: 'triaged' });
  });

  it('says paged: false with the reason in every view, counts it on /metrics and logs a warning when nobody can be paged', async () => {
    const before = await unpagedCount();
    const { body: rules } = await http()
      .put('/triage/routing-rules')
      .send({
        rules: [{ id: 'team-label', when: {}, route: { teamFromLabel: 'team' } }],
        defaultRoute: { team: 'nobody-home' },
        reason: 'a default route to a team that was never created',
      })
      .expect(200);
    expect(rules.warnings).toEqual([expect.stringContaining('"nobody-home"')]);

    const incidentId = await alert('Payments latency above 2s', 'payments-api', 'ghost');

    const response = await coordinationView(incidentId);
    expect(response).toMatchObject({ paged: false, pages: [] });
    expect(response.pagedReason).toContain('team "ghost" does not exist');
    expect(response.pagedReason).toContain('"nobody-home"');

    const triage = await triageView(incidentId);
    expect(triage).toMatchObject({ paged: false, status: 'unpaged' });
    expect(triage.pagedReason).toBe(response.pagedReason);
    expect(await queueEntry(incidentId)).toMatchObject({ paged: false, pagedReason: response.pagedReason, status: 'unpaged' });

    expect(await unpagedCount()).toBe(before + 1);
    expect(warnings.some((w) => w.includes(incidentId) && w.includes('ghost') && w.includes('nobody'))).toBe(true);

    const { body: timeline } = await http().get(`/review/incidents/${incidentId}/timeline`).expect(200);
    const unrouted = (timeline.entries as { type: string; summary: string }[]).find((e) => e.type === 'IncidentUnrouted');
    expect(unrouted?.summary).toContain('team "ghost" does not exist');
  });

  it('a page that never reaches its responder (a dead webhook) leaves the incident unpaged in every view, counted and warned about', async () => {
    const deadPort = await freePort(); // nothing listens there: every attempt is refused
    await http()
      .post('/coordination/teams')
      .send({ name: 'dead-hooks', members: [{ name: 'dave', onCallOrder: 1, contact: { webhookUrl: `http://127.0.0.1:${deadPort}/dave` } }] })
      .expect(201);
    const before = await unpagedCount();

    const incidentId = await alert('Search index stale', 'search', 'dead-hooks');

    const response = await eventually(
      'coordination to learn the page failed',
      async () => {
        const view = await coordinationView(incidentId);
        return view.paged === false ? view : undefined;
      },
      WAIT_MS,
    );
    expect(response.pagedReason).toMatch(/^the page to dave of team "dead-hooks" failed: connection refused \(ECONNREFUSED\) to 127\.0\.0\.1:\d+; nobody has been reached$/);
    expect(response.pages).toEqual([expect.objectContaining({ responder: 'dave', failure: expect.stringContaining('ECONNREFUSED') })]);
    // The incident view shows the page's delivery state and the real cause; comms finds the delivery by the page's id.
    const { pageId } = response.pages[0] as { pageId: string };
    const withDelivery = await eventually('the page delivery state in the incident view', async () => {
      const view = (await http().get(`/coordination/incidents/${incidentId}`).expect(200)).body;
      return view.pages[0].delivery?.state === 'failed' ? view : undefined;
    }, WAIT_MS);
    expect(withDelivery.pages[0].delivery).toEqual({
      state: 'failed',
      deliveryId: expect.any(String),
      attempts: expect.any(Number),
      statusCode: null,
      error: `connection refused (ECONNREFUSED) to 127.0.0.1:${deadPort}`,
      updatedAt: expect.any(String),
    });
    const { body: delivery } = await http().get(`/comms/deliveries/${pageId}`).expect(200);
    expect(delivery).toMatchObject({ deliveryId: withDelivery.pages[0].delivery.deliveryId, state: 'failed', error: `connection refused (ECONNREFUSED) to 127.0.0.1:${deadPort}` });
    expect(delivery.attemptLog.length).toBe(delivery.attempts);

    const triage = await eventually(
      'triage to learn the page failed',
      async () => {
        const view = (await http().get(`/triage/incidents/${incidentId}`).expect(200)).body;
        return view.paged === false ? view : undefined;
      },
      WAIT_MS,
    );
    expect(triage).toMatchObject({ status: 'unpaged', pagedReason: response.pagedReason });
    expect(await queueEntry(incidentId)).toMatchObject({ paged: false, status: 'unpaged' });

    expect(await unpagedCount()).toBe(before + 1);
    expect(warnings.some((w) => w.includes(incidentId) && w.includes('nobody was reached'))).toBe(true);
    const { body: timeline } = await http().get(`/review/incidents/${incidentId}/timeline`).expect(200);
    expect((timeline.entries as { type: string }[]).map((e) => e.type)).toEqual(expect.arrayContaining(['NotificationFailed', 'PageFailed']));
  });

  it('answers /metrics in Prometheus text: process metrics and HTTP requests by route pattern, not by raw URL', async () => {
    const { text } = await http().get('/metrics').expect(200);
    expect(text).toMatch(/^process_cpu_user_seconds_total /m);
    expect(text).toMatch(/^http_requests_total\{method="GET",route="\/coordination\/incidents\/:id",status="200"\} \d+/m);
    expect(text).not.toMatch(/route="\/coordination\/incidents\/[0-9a-f]{8}-/);
  });
});
