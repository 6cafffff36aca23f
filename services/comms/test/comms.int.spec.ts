import { generateApiToken } from '@linchpin/platform';
import { INestApplication } from '@nestjs/common';
import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { EVENT_STORE, EventStore, InProcessBus, RecordedEvent, newId, topicOf } from '@linchpin/eventsourcing';
import { IncidentAcknowledgedV1 } from '@linchpin/contracts';
import { asAdmin, authorized, eventually } from '@linchpin/testing';
import { ServiceApp, startServiceApp } from '@linchpin/service-testing';
import { verifySignature } from '../src/application/webhook-signature';
import { SUBSCRIPTION_CREATED, SubscriptionCreatedEvent } from '../src/domain/subscriptions/subscription.decider';
import { CommsModule } from '../src/comms.module';
import { deliveryIdOf } from '../src/domain/delivery';
import { COMMS_SERVICE } from '../src/service';
import { responderPaged } from './support/responder-paged';

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  rawBody: string;
}

/** A responder's pager / a subscriber's endpoint: records POSTs; `/fail*` answers 500. */
class Receiver {
  readonly received: Received[] = [];
  private server?: Server;
  url = '';
  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        this.received.push({ path: req.url ?? '/', headers: req.headers, rawBody: Buffer.concat(chunks).toString('utf8') });
        res.writeHead(req.url?.startsWith('/fail') ? 500 : 204).end();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }
  on(path: string): Received[] {
    return this.received.filter((r) => r.path === path);
  }
  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}

const PAGE_SECRET = 'page-signing-secret-for-tests';
let position = 5000;
const paged = (incidentId: string, webhookUrl: string): RecordedEvent => responderPaged({ incidentId, webhookUrl });

/** Coordination's acknowledgement of an incident, as it arrives from the bus: comms then knows the incident. */
const acknowledged = (incidentId: string): RecordedEvent => ({
  ...IncidentAcknowledgedV1.create(
    newId(),
    { incidentId, by: 'alice' },
    { incidentId, correlationId: incidentId, causationId: newId(), actor: 'alice', occurredAt: new Date().toISOString() },
  ),
  streamId: `response-${incidentId}`,
  revision: 1,
  position: ++position,
  recordedAt: new Date().toISOString(),
});


const CAROL = generateApiToken();
const CAROL_ID = newId();
describe('comms over HTTP (SQLite + in-process bus + a real webhook receiver)', () => {
  let app: INestApplication;
  let bus: InProcessBus;
  let comms: ServiceApp;
  const receiver = new Receiver();

  beforeAll(async () => {
    await receiver.start();
    comms = await startServiceApp({
      service: COMMS_SERVICE,
      module: CommsModule,
      apiTokens: { [CAROL]: { tokenId: 'tok-carol', name: 'carol', roles: ['responder'], personId: CAROL_ID } },
      env: {
        COMMS_SIGNING_SECRET: PAGE_SECRET,
        COMMS_DELIVERY_BACKOFF_MS: '20',
        COMMS_DELIVERY_ATTEMPTS: '3',
        // The receiver listens on loopback, which the outbound guard refuses unless allowed.
        OUTBOUND_ALLOW_CIDRS: '127.0.0.0/8',
      },
    });
    ({ app, bus } = comms);
  });

  afterAll(async () => {
    await comms.close();
    await receiver.stop();
  });

  const deliveryOutcome = (deliveryId: string) => app.get<EventStore>(EVENT_STORE).readStream(`delivery-${deliveryId}`);
  /** Deliveries run off the consumer: wait for the recorded outcome (failed attempts come before it in the stream). */
  const settled = (deliveryId: string) =>
    eventually(`the outcome of delivery ${deliveryId}`, async () => {
      const events = await deliveryOutcome(deliveryId);
      return events.some((e) => e.type === 'NotificationDelivered' || e.type === 'NotificationFailed') ? events : undefined;
    });

  it('delivers a correctly signed page for ResponderPaged, records NotificationDelivered, and delivers nothing on redelivery', async () => {
    const incidentId = newId();
    const event = paged(incidentId, `${receiver.url}/pager/alice`);
    await bus.publish(topicOf('coordination'), [{ key: incidentId, event }]);
    const deliveryId = deliveryIdOf(event.id, `${receiver.url}/pager/alice`);
    await settled(deliveryId);

    const [page] = receiver.on('/pager/alice');
    expect(page).toBeDefined();
    expect(page.headers['linchpin-event']).toBe('page');
    expect(page.headers['linchpin-delivery']).toBe(deliveryId);
    expect(verifySignature(PAGE_SECRET, page.rawBody, String(page.headers['linchpin-signature']), { now: new Date() })).toBe(true);
    expect(verifySignature('some-other-secret!!', page.rawBody, String(page.headers['linchpin-signature']), { now: new Date() })).toBe(false);
    expect(JSON.parse(page.rawBody)).toMatchObject({ type: 'page', incidentId, title: 'Checkout down', priority: 'P1', team: 'payments', responder: { name: 'alice' } });

    const outcome = await deliveryOutcome(deliveryId);
    expect(outcome.map((e) => e.type)).toEqual(['NotificationDelivered']);
    expect(outcome[0].data).toMatchObject({ attempts: 1, statusCode: 204, kind: 'page', incidentId });
    const api = await asAdmin(app.getHttpServer()).get(`/comms/deliveries/${deliveryId}`).expect(200);
    expect(api.body).toMatchObject({ outcome: 'delivered', attempts: 1 });

    // The redelivered message finds the request already stored: nothing is requested or sent again.
    await bus.publish(topicOf('coordination'), [{ key: incidentId, event }]);
    expect(await app.get<EventStore>(EVENT_STORE).readStream(`deliveryRequest-${deliveryId}`)).toHaveLength(1);
    expect(receiver.on('/pager/alice')).toHaveLength(1);
    expect(await deliveryOutcome(deliveryId)).toHaveLength(1);
  });

  it('a page request and its outcome are caused by the page, correlated on its incident, recorded as system:comms; the API shows the recorded outcome', async () => {
    const incidentId = newId();
    const event = paged(incidentId, `${receiver.url}/pager/bob`);
    await bus.publish(topicOf('coordination'), [{ key: incidentId, event }]);
    const deliveryId = deliveryIdOf(event.id, `${receiver.url}/pager/bob`);
    const [outcome] = await settled(deliveryId);
    const [requested] = await app.get<EventStore>(EVENT_STORE).readStream(`deliveryRequest-${deliveryId}`);
    const system = { incidentId, correlationId: incidentId, causationId: event.id, actor: 'system:comms', occurredAt: expect.any(String) };
    expect(requested.metadata).toEqual(system);
    expect(outcome.metadata).toEqual(system);
    const api = await asAdmin(app.getHttpServer()).get(`/comms/deliveries/${deliveryId}`).expect(200);
    expect(api.body).toEqual({
      deliveryId,
      state: 'delivered',
      outcome: 'delivered',
      incidentId,
      kind: 'page',
      subjectId: (outcome.data as { subjectId: string }).subjectId,
      target: `${receiver.url}/pager/bob`,
      requestedAt: requested.recordedAt,
      round: 1,
      attempts: 1,
      attemptLog: [{ round: 1, attempt: 1, at: outcome.recordedAt, statusCode: 204, latencyMs: expect.any(Number), error: null }],
      nextAttemptAt: null,
      statusCode: 204,
      error: null,
      recordedAt: outcome.recordedAt,
    });
  });

  it('records NotificationFailed after the retries when the receiver answers 500', async () => {
    const incidentId = newId();
    const url = `${receiver.url}/fail/page`;
    const event = paged(incidentId, url);
    await bus.publish(topicOf('coordination'), [{ key: incidentId, event }]);
    const outcome = await settled(deliveryIdOf(event.id, url));
    expect(receiver.on('/fail/page')).toHaveLength(3);
    // Each failed attempt is recorded before it (DeliveryAttemptFailed); the outcome is as before.
    // Between two attempts, the retry's durable timer (TimerScheduled, then TimerFired) in the same stream.
    const facts = outcome.filter((e) => !e.type.startsWith('Timer'));
    expect(facts.map((e) => e.type)).toEqual(['DeliveryAttemptFailed', 'DeliveryAttemptFailed', 'DeliveryAttemptFailed', 'NotificationFailed']);
    expect(facts[3].data).toMatchObject({ attempts: 3, statusCode: 500, error: 'receiver answered HTTP 500' });
  });

  it('delivers a status update to matching subscriptions, signed with each subscription secret, never exposing the secret', async () => {
    const incidentId = newId();
    const secretAll = 'subscriber-secret-all-0123';
    const secretMine = 'subscriber-secret-mine-0123';
    const all = await asAdmin(app.getHttpServer()).post('/comms/subscriptions').send({ webhookUrl: `${receiver.url}/sub/all`, secret: secretAll }).expect(201);
    await asAdmin(app.getHttpServer()).post('/comms/subscriptions').send({ webhookUrl: `${receiver.url}/sub/mine`, secret: secretMine, incidentId }).expect(201);
    await asAdmin(app.getHttpServer()).post('/comms/subscriptions').send({ webhookUrl: `${receiver.url}/sub/other`, secret: secretMine, incidentId: newId() }).expect(201);

    const read = await asAdmin(app.getHttpServer()).get(`/comms/subscriptions/${all.body.subscriptionId}`).expect(200);
    expect(read.body).toEqual({
      subscriptionId: all.body.subscriptionId,
      status: 'active',
      channel: 'webhook',
      webhookUrl: `${receiver.url}/sub/all`,
      email: null,
      personId: null,
      incidentId: null,
      service: null,
      team: null,
      minPriority: null,
      audiences: ['internal', 'public'],
      phases: ['investigating', 'identified', 'monitoring', 'resolved'],
    });
    expect(JSON.stringify(read.body)).not.toContain(secretAll);

    await bus.publish(topicOf('coordination'), [{ key: incidentId, event: acknowledged(incidentId) }]);
    const posted = await asAdmin(app.getHttpServer())
      .post(`/comms/incidents/${incidentId}/updates`)
      .send({ status: 'identified', message: 'A bad deploy; rolling back.' })
      .expect(202);
    const updateId = posted.body.updateId;

    const [toAll] = await eventually('the update to the all-incidents subscriber', () => (receiver.on('/sub/all').length ? receiver.on('/sub/all') : undefined));
    const [toMine] = await eventually("the update to the incident's subscriber", () => (receiver.on('/sub/mine').length ? receiver.on('/sub/mine') : undefined));
    expect(receiver.on('/sub/other')).toHaveLength(0);
    expect(verifySignature(secretAll, toAll.rawBody, String(toAll.headers['linchpin-signature']), { now: new Date() })).toBe(true);
    expect(verifySignature(secretMine, toMine.rawBody, String(toMine.headers['linchpin-signature']), { now: new Date() })).toBe(true);
    expect(toAll.headers['linchpin-event']).toBe('status-update');
    expect(JSON.parse(toAll.rawBody)).toMatchObject({ type: 'status-update', incidentId, updateId, status: 'identified', message: 'A bad deploy; rolling back.' });

    await eventually("the all-incidents subscriber's delivery outcome", async () => ((await deliveryOutcome(String(toAll.headers['linchpin-delivery']))).length ? true : undefined));
    const updates = await asAdmin(app.getHttpServer()).get(`/comms/incidents/${incidentId}/updates`).expect(200);
    expect(updates.body.updates).toEqual([expect.objectContaining({ updateId, status: 'identified' })]);
  });

  it("shows a subscription's webhook URL stored with credentials (before the outbound guard refused them) without them; the event keeps it", async () => {
    const subscriptionId = newId();
    const secretUrl = 'https://hook:s3cret@hooks.example.com/sub/creds?sig=abc123&x=1';
    const created: SubscriptionCreatedEvent = {
      id: newId(),
      type: SUBSCRIPTION_CREATED,
      schemaVersion: 1,
      data: { subscriptionId, webhookUrl: secretUrl, secret: 'subscriber-secret-creds-0123' },
      metadata: { correlationId: 'r', causationId: 'r', actor: 'api', occurredAt: new Date().toISOString() },
    };
    await comms.store.append(`subscription-${subscriptionId}`, [created], 'no_stream');
    const read = await asAdmin(app.getHttpServer()).get(`/comms/subscriptions/${subscriptionId}`).expect(200);
    // A subscription from before channels (v1) reads as a webhook that hears everything.
    expect(read.body).toMatchObject({ subscriptionId, status: 'active', channel: 'webhook', webhookUrl: 'https://***@hooks.example.com/sub/creds?sig=***&x=1', incidentId: null, email: null });
    const stored = await comms.store.readStream(`subscription-${subscriptionId}`);
    expect((stored[0].data as { webhookUrl: string }).webhookUrl).toBe(secretUrl);
  });

  it('refuses an update for an incident comms has not heard of from coordination: 404, nothing stored; a known incident is recorded in its own store', async () => {
    const store = app.get<EventStore>(EVENT_STORE);
    const before = (await store.readAll()).length;
    const unknown = newId();
    const refused = await asAdmin(app.getHttpServer()).post(`/comms/incidents/${unknown}/updates`).send({ status: 'investigating', message: 'x' }).expect(404);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.body.detail).toContain(unknown);
    expect((await store.readAll()).length).toBe(before);

    // Comms hears of it once, records it, and remembers it although no bus will deliver that event again.
    const incidentId = newId();
    const heard = acknowledged(incidentId);
    await bus.publish(topicOf('coordination'), [{ key: incidentId, event: heard }]);
    await bus.publish(topicOf('coordination'), [{ key: incidentId, event: heard }]);
    expect((await store.readStream(`commsIncident-${incidentId}`)).map((e) => e.type)).toEqual(['IncidentKnownToComms']);
    await asAdmin(app.getHttpServer()).post(`/comms/incidents/${incidentId}/updates`).send({ status: 'investigating', message: 'Looking' }).expect(202);
  });

  it("records the token's person as actor (not X-Actor), the request as cause; an Idempotency-Key retry posts nothing new and answers the same updateId", async () => {
    const store = app.get<EventStore>(EVENT_STORE);
    const incidentId = newId();
    const heard = acknowledged(incidentId);
    await bus.publish(topicOf('coordination'), [{ key: incidentId, event: heard }]);
    expect((await store.readStream(`commsIncident-${incidentId}`)).map((e) => e.metadata)).toEqual([
      { incidentId, correlationId: incidentId, causationId: heard.id, actor: 'system:comms', occurredAt: heard.metadata.occurredAt },
    ]);

    const post = () =>
      authorized(app.getHttpServer(), CAROL)
        .post(`/comms/incidents/${incidentId}/updates`)
        .set('X-Actor', ' mallory ')
        .set('Idempotency-Key', 'update-1')
        .send({ status: 'investigating', message: 'Looking' })
        .expect(202);
    const first = await post();
    const retried = await post();
    expect(retried.body.updateId).toBe(first.body.updateId);
    const [posted, ...more] = await store.readStream(`comms-${incidentId}`);
    expect(more).toEqual([]);
    expect(posted.metadata).toEqual({ incidentId, correlationId: incidentId, causationId: expect.any(String), actor: `person:${CAROL_ID}`, occurredAt: expect.any(String) });
    // A responder subscribes (a person or a system of theirs): the subscription records the token's person.
    const subscribed = await authorized(app.getHttpServer(), CAROL).post('/comms/subscriptions').send({ webhookUrl: `${receiver.url}/audit`, secret: 'sixteen-chars-ok!' }).expect(201);
    const [created] = await store.readStream(`subscription-${subscribed.body.subscriptionId}`);
    expect(created.metadata).toEqual({ correlationId: created.metadata.causationId, causationId: expect.any(String), actor: `person:${CAROL_ID}`, occurredAt: expect.any(String) });
  });

  it('rejects bad bodies with 400 problems naming the field', async () => {
    const short = await asAdmin(app.getHttpServer()).post('/comms/subscriptions').send({ webhookUrl: 'http://127.0.0.1/x', secret: 'short' }).expect(400);
    expect(short.headers['content-type']).toContain('application/problem+json');
    expect(short.body.errors.map((e: { field: string }) => e.field)).toContain('secret');
    const status = await asAdmin(app.getHttpServer()).post(`/comms/incidents/${newId()}/updates`).send({ status: 'fixed', message: 'x' }).expect(400);
    expect(status.body.errors.map((e: { field: string }) => e.field)).toContain('status');
  });

  it('answers a whitespace-only message 400 naming it, before any rule of the incident (it was a 409)', async () => {
    const incidentId = newId();
    await bus.publish(topicOf('coordination'), [{ key: incidentId, event: acknowledged(incidentId) }]);
    const blank = await asAdmin(app.getHttpServer()).post(`/comms/incidents/${incidentId}/updates`).send({ status: 'identified', message: ' \t\n ' }).expect(400);
    expect(blank.body.errors).toEqual([{ field: 'message', reason: 'message must not be blank' }]);
  });
});
