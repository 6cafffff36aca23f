import { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EVENT_STORE, EventStore } from '@linchpin/eventsourcing';
import { MAX_JSON_DEPTH } from '@linchpin/platform';
import { asAdmin, eventually, WebhookReceiver } from '@linchpin/testing';
import { EmbeddedApp, startEmbedded } from './support/embedded-app';

jest.setTimeout(60_000);

/** `{"a":{"a":…{"a":1}…}}`, `depth` objects deep. */
const nested = (depth: number): string => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);

/** Issue 10, item 8: bad input that used to get through, on the running standalone process. */
describe('standalone: bad input is refused before anything is stored', () => {
  let app: INestApplication;
  let store: EventStore;
  let embedded: EmbeddedApp;
  const receiver = new WebhookReceiver();
  let receiverUrl: string;

  beforeAll(async () => {
    receiverUrl = await receiver.start();
    embedded = await startEmbedded('bad-input', { COMMS_SIGNING_SECRET: 'bad-input-test-signing-secret-0123', OUTBOUND_ALLOW_CIDRS: '127.0.0.0/8' });
    app = embedded.app;
    store = app.get<EventStore>(EVENT_STORE);
  });

  afterAll(async () => {
    await embedded?.close();
    await receiver.stop();
  });

  const http = () => asAdmin(app.getHttpServer());
  const storedCount = async () => (await store.readAll()).length;

  describe('JSON nested deeper than the limit', () => {
    it(`is a 400 naming the limit (${MAX_JSON_DEPTH}) on every kind of JSON route, in each sender's format, and stores nothing`, async () => {
      const { body: am } = await http().post('/detection/integrations').send({ name: 'am', kind: 'alertmanager', service: 'checkout' }).expect(201);
      const { body: pd } = await http().post('/detection/integrations').send({ name: 'pd', kind: 'pagerduty', service: 'checkout' }).expect(201);
      const before = await storedCount();
      const deep = nested(2000);

      for (const path of ['/detection/alerts', '/triage/simulate', '/coordination/teams', `/detection/integrations/alertmanager/${am.key}`, '/comms/subscriptions']) {
        const response = await http().post(path).set('content-type', 'application/json').set('Idempotency-Key', randomUUID()).send(deep);
        expect({ path, status: response.status }).toEqual({ path, status: 400 });
        expect(response.headers['content-type']).toContain('application/problem+json');
        expect(response.body.detail).toContain(`nested deeper than ${MAX_JSON_DEPTH} levels`);
      }

      // PagerDuty's endpoint answers as PagerDuty does.
      const enqueue = await http()
        .post('/v2/enqueue')
        .set('content-type', 'application/json')
        .send(`{"routing_key":"${pd.key}","event_action":"trigger","payload":${nested(2000)}}`);
      expect(enqueue.status).toBe(400);
      expect(enqueue.body.status).toBe('invalid event');
      expect(JSON.stringify(enqueue.body)).toContain(`nested deeper than ${MAX_JSON_DEPTH} levels`);

      // Arrays count too, and so does a +json media type.
      const arrays = await http().post('/detection/alerts').set('content-type', 'application/cloudevents+json').send('['.repeat(2000) + ']'.repeat(2000));
      expect(arrays.status).toBe(400);

      expect(await storedCount()).toBe(before);
    });

    it('JSON up to the limit is parsed as before', async () => {
      const { body: pd } = await http().post('/detection/integrations').send({ name: 'pd', kind: 'pagerduty', service: 'checkout' }).expect(201);
      // The event and its payload are 2 levels; custom_details adds the rest.
      const trigger = (depth: number) => ({
        routing_key: pd.key,
        event_action: 'trigger',
        payload: { summary: 'deep but allowed', source: 'db-1', severity: 'info', custom_details: JSON.parse(nested(depth - 2)) },
      });
      await http().post('/v2/enqueue').send(trigger(MAX_JSON_DEPTH)).expect(202);
      const deeper = await http().post('/v2/enqueue').send(trigger(MAX_JSON_DEPTH + 1));
      expect(deeper.status).toBe(400);
    });

    it('brackets inside strings do not count', async () => {
      const response = await http().post('/detection/alerts').send({ source: 'brackets', summary: '[{\\"'.repeat(200), severity: 'info', labels: { team: 'x' } });
      expect(response.status).toBe(202);
    });
  });

  describe('a status update for an incident comms does not know', () => {
    it('is a 404 problem and stores nothing; an incident comms has heard of takes updates as before', async () => {
      const unknown = randomUUID();
      const response = await http().post(`/comms/incidents/${unknown}/updates`).send({ status: 'investigating', message: 'Looking into it' });
      expect(response.status).toBe(404);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.body.detail).toContain(unknown);
      // Other tests' incidents are still flowing through the pipeline: look for this one's events only.
      const about = (await store.readAll()).filter((e) => e.streamId.includes(unknown) || e.metadata.incidentId === unknown);
      expect(about).toEqual([]);
      const timeline = await http().get(`/review/incidents/${unknown}/timeline`);
      expect(timeline.status).toBe(404);

      // A real incident: comms learns it from coordination's events (the page).
      const team = `team-${randomUUID().slice(0, 8)}`;
      await http()
        .post('/coordination/teams')
        .send({ name: team, members: [{ name: 'alice', onCallOrder: 1, contact: { webhookUrl: `${receiverUrl}/pager/${team}` } }] })
        .expect(201);
      const { body: alert } = await http().post('/detection/alerts').send({ source: 'prometheus', summary: 'Checkout down', severity: 'critical', labels: { team } }).expect(202);
      await eventually('the page', async () => receiver.on(`/pager/${team}`)[0], 15_000);
      const posted = await eventually('comms to know the incident', async () => {
        const r = await http().post(`/comms/incidents/${alert.incidentId}/updates`).send({ status: 'investigating', message: 'Looking into it' });
        return r.status === 202 ? r : undefined;
      });
      expect(posted.body.updateId).toEqual(expect.any(String));
      const updates = await http().get(`/comms/incidents/${alert.incidentId}/updates`).expect(200);
      expect(updates.body.updates).toEqual([expect.objectContaining({ status: 'investigating', message: 'Looking into it' })]);
    });
  });

  describe("changing an integration's settings", () => {
    const newIntegration = async () =>
      (
        await http()
          .post('/detection/integrations')
          .send({ name: 'prom', kind: 'alertmanager', service: 'checkout', fingerprintFields: ['labels.alertname'], rateLimitPerMinute: 300 })
          .expect(201)
      ).body;

    it('with no body is a 400 naming the body, and the settings are unchanged', async () => {
      const integration = await newIntegration();
      const response = await http().put(`/detection/integrations/${integration.integrationId}/settings`);
      expect(response.status).toBe(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.body.errors).toEqual([expect.objectContaining({ field: 'body' })]);
      const after = await http().get(`/detection/integrations/${integration.integrationId}`).expect(200);
      expect(after.body).toMatchObject({ version: 1, settings: { fingerprintFields: ['labels.alertname'], rateLimitPerMinute: 300 } });
    });

    it('with an empty object is a 400 too (it would wipe every setting), and the settings are unchanged', async () => {
      const integration = await newIntegration();
      const response = await http().put(`/detection/integrations/${integration.integrationId}/settings`).send({});
      expect(response.status).toBe(400);
      expect(response.body.errors).toEqual([expect.objectContaining({ field: 'body', reason: expect.stringContaining('at least one of') })]);
      const after = await http().get(`/detection/integrations/${integration.integrationId}`).expect(200);
      expect(after.body).toMatchObject({ version: 1, settings: { fingerprintFields: ['labels.alertname'], rateLimitPerMinute: 300 } });
    });

    it('with one setting is a new version, as before', async () => {
      const integration = await newIntegration();
      const response = await http().put(`/detection/integrations/${integration.integrationId}/settings`).send({ rateLimitPerMinute: 60 }).expect(200);
      expect(response.body).toMatchObject({ version: 2, settings: { rateLimitPerMinute: 60 } });
    });
  });
});
