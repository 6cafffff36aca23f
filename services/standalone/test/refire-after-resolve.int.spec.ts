import { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { asAdmin, eventually, ReceivedWebhook, WebhookReceiver } from '@linchpin/testing';
import { EmbeddedApp, startEmbedded } from './support/embedded-app';

/**
 * Issue 10, item 1: resolving an incident by hand closes its alerts, so the same alert firing
 * again (a re-fire, an Alertmanager re-send, a PagerDuty trigger with the same dedup_key) opens a
 * new incident and pages again, as PagerDuty does, instead of deduplicating into the resolved one.
 */
jest.setTimeout(60_000);

describe('standalone: an alert firing again after its incident was resolved by hand', () => {
  let app: INestApplication;
  let embedded: EmbeddedApp;
  const receiver = new WebhookReceiver();
  let receiverUrl: string;

  beforeAll(async () => {
    receiverUrl = await receiver.start();
    // The outbound guard refuses loopback unless allowed: the receiver runs on 127.0.0.1.
    embedded = await startEmbedded('refire', { COMMS_SIGNING_SECRET: 'refire-test-signing-secret-0123', OUTBOUND_ALLOW_CIDRS: '127.0.0.0/8' });
    app = embedded.app;
  });

  afterAll(async () => {
    await embedded?.close();
    await receiver.stop();
  });

  const http = () => asAdmin(app.getHttpServer());

  /** A team whose on-call is paged at `/pager/<team>` on the local receiver. */
  const newTeam = async (): Promise<string> => {
    const team = `team-${randomUUID().slice(0, 8)}`;
    await http()
      .post('/coordination/teams')
      .send({ name: team, members: [{ name: 'alice', onCallOrder: 1, contact: { webhookUrl: `${receiverUrl}/pager/${team}` } }] })
      .expect(201);
    return team;
  };

  const pagesFor = (team: string, incidentId: string): ReceivedWebhook[] => receiver.on(`/pager/${team}`).filter((p) => p.body?.incidentId === incidentId);
  // The pages only: since issue 15 the pager also gets an `incident-resolved` message when an incident it was paged for is resolved.
  const pagesOn = (team: string): ReceivedWebhook[] => receiver.on(`/pager/${team}`).filter((p) => p.body?.type === 'page');
  const pageOf = (team: string, incidentId: string) => eventually(`the page for ${incidentId}`, async () => pagesFor(team, incidentId)[0], 15_000);

  /** Resolve by hand, then wait until detection has heard of it (reads lag by the bus) and closed the alert. */
  const resolveByHand = async (incidentId: string, alertId: string) => {
    await http().post(`/coordination/incidents/${incidentId}/resolve`).send({ by: 'alice', resolution: 'rolled back' }).expect(202);
    await eventually(
      'detection to close the alert',
      async () => {
        const alert = await http().get(`/detection/alerts/${alertId}`).expect(200);
        return alert.body.status === 'resolved' ? alert.body : undefined;
      },
      15_000,
    );
  };

  it('the generic alert opens a new incident and pages again', async () => {
    const team = await newTeam();
    const alert = { source: 'prometheus', summary: 'Checkout error rate above 5%', severity: 'critical', labels: { alertname: 'HighErrorRate', team } };
    const first = await http().post('/detection/alerts').send(alert).expect(202);
    expect(first.body).toMatchObject({ deduplicated: false, outcome: 'opened' });
    await pageOf(team, first.body.incidentId);

    await resolveByHand(first.body.incidentId, first.body.alertId);

    const again = await http().post('/detection/alerts').send(alert).expect(202);
    expect(again.body).toMatchObject({ deduplicated: false, outcome: 'opened', fingerprint: first.body.fingerprint });
    expect(again.body.incidentId).not.toBe(first.body.incidentId);
    expect(again.body.alertId).not.toBe(first.body.alertId);
    const page = await pageOf(team, again.body.incidentId);
    expect(page.body).toMatchObject({ type: 'page', incidentId: again.body.incidentId });
    expect(pagesOn(team)).toHaveLength(2);

    // The resolved incident stays resolved; the new one is triggered.
    expect((await http().get(`/coordination/incidents/${first.body.incidentId}`).expect(200)).body.status).toBe('resolved');
    const explained = await http().get(`/detection/alerts/${first.body.alertId}/explain`).expect(200);
    expect(JSON.stringify(explained.body)).toContain(first.body.alertId);
  });

  it('a flapping alert whose incident auto-resolved opens a new incident and pages, never rejoining the resolved one', async () => {
    const team = await newTeam();
    const firing = { source: 'prometheus', summary: 'Checkout latency high', severity: 'critical', labels: { alertname: 'Latency', team } };
    const resolved = { ...firing, status: 'resolved' };
    const autoResolved = (incidentId: string) =>
      eventually(
        `coordination to auto-resolve ${incidentId}`,
        async () => ((await http().get(`/coordination/incidents/${incidentId}`).expect(200)).body.status === 'resolved' ? true : undefined),
        15_000,
      );

    // fire, resolve, fire, resolve: each firing opens an incident, each resolve clears it and coordination auto-resolves it.
    const first = (await http().post('/detection/alerts').send(firing).expect(202)).body;
    await pageOf(team, first.incidentId);
    await http().post('/detection/alerts').send(resolved).expect(202);
    await autoResolved(first.incidentId);
    const second = (await http().post('/detection/alerts').send(firing).expect(202)).body;
    expect(second.outcome).toBe('opened');
    await pageOf(team, second.incidentId);
    await http().post('/detection/alerts').send(resolved).expect(202);
    await autoResolved(second.incidentId);
    await eventually(
      'detection to close the alert with its auto-resolved incident (the timeline shows it)',
      async () => {
        const { body } = await http().get(`/review/incidents/${second.incidentId}/timeline`).expect(200);
        return JSON.stringify(body).includes('AlertClosed') ? true : undefined;
      },
      15_000,
    );

    // The fifth change within the flapping window: before, it rejoined the resolved incident and paged nobody.
    const third = (await http().post('/detection/alerts').send(firing).expect(202)).body;
    expect(third.incidentId).not.toBe(second.incidentId);
    expect(third.outcome).toBe('opened');
    await pageOf(team, third.incidentId);
    expect(pagesOn(team)).toHaveLength(3);
  });

  it("Alertmanager's re-send of the still-firing alert after the resolve opens a new incident and pages", async () => {
    const team = await newTeam();
    const { body: integration } = await http().post('/detection/integrations').send({ name: 'Prometheus', kind: 'alertmanager', service: 'checkout' }).expect(201);
    const payload = {
      receiver: 'linchpin',
      status: 'firing',
      alerts: [
        {
          status: 'firing',
          labels: { alertname: 'HighErrorRate', instance: 'checkout-1', service: 'checkout', severity: 'critical', team },
          annotations: { summary: 'Checkout error rate above 5% on checkout-1' },
          startsAt: '2026-11-26T18:03:02.032Z',
          endsAt: '0001-01-01T00:00:00Z',
          generatorURL: 'http://prometheus.example:9090/graph',
          fingerprint: '2f37b53748985404',
        },
      ],
      groupLabels: { alertname: 'HighErrorRate', service: 'checkout' },
      commonLabels: { alertname: 'HighErrorRate', service: 'checkout', severity: 'critical', team },
      commonAnnotations: {},
      externalURL: 'http://alertmanager.example:9093',
      version: '4',
      groupKey: '{}:{alertname="HighErrorRate", service="checkout"}',
      truncatedAlerts: 0,
    };
    const path = `/detection/integrations/alertmanager/${integration.key}`;
    const [first] = (await http().post(path).send(payload).expect(202)).body.results;
    expect(first.outcome).toBe('opened');
    await pageOf(team, first.incidentId);

    await resolveByHand(first.incidentId, first.alertId);

    // Alertmanager re-sends the whole group at every group_interval while the alert fires.
    const [resent] = (await http().post(path).send(payload).expect(202)).body.results;
    expect(resent.outcome).toBe('opened');
    expect(resent.incidentId).not.toBe(first.incidentId);
    await pageOf(team, resent.incidentId);

    // And the re-send after that deduplicates into the new incident, paging nobody again.
    const [repeat] = (await http().post(path).send(payload).expect(202)).body.results;
    expect(repeat).toMatchObject({ outcome: 'deduplicated', incidentId: resent.incidentId });
  });

  it('a PagerDuty trigger with the same dedup_key after the resolve opens a new incident and pages', async () => {
    const team = await newTeam();
    // Triage routes to the team named like the affected service (the integration's service).
    const { body: integration } = await http().post('/detection/integrations').send({ name: 'Datadog', kind: 'pagerduty', service: team }).expect(201);
    const trigger = {
      routing_key: integration.key,
      event_action: 'trigger',
      dedup_key: 'db-primary-down',
      payload: { summary: 'DB primary down', source: 'db-1', severity: 'critical' },
    };
    await http().post('/v2/enqueue').send(trigger).expect(202);
    const firstPage = await eventually('the first page', async () => pagesOn(team)[0], 15_000);
    const firstIncident = firstPage.body.incidentId as string;
    const [alert] = (await http().get(`/detection/incidents/${firstIncident}/alerts`).expect(200)).body.alerts;

    await resolveByHand(firstIncident, alert.alertId);

    const again = await http().post('/v2/enqueue').send(trigger).expect(202);
    expect(again.body).toMatchObject({ status: 'success', dedup_key: 'db-primary-down' });
    const secondPage = await eventually('a second page', async () => pagesOn(team)[1], 15_000);
    expect(secondPage.body.incidentId).not.toBe(firstIncident);
  });
});
