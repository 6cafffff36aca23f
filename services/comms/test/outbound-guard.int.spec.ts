import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { EVENT_STORE, EventStore, InProcessBus, RecordedEvent, newId, topicOf } from '@linchpin/eventsourcing';
import { ResponderPagedV1 } from '@linchpin/contracts';
import { SqliteEventStore } from '@linchpin/eventstore-sqlite';
import { configureApp, createHttpAdapter, InfrastructureModule, initApp } from '@linchpin/platform';
import { CommsModule } from '../src/comms.module';
import { deliveryIdOf } from '../src/domain/delivery';
import { COMMS_SERVICE } from '../src/service';
import { REFUSED_WEBHOOK_URLS } from './refused-targets';

/** An HTTP endpoint on one loopback address that records every request; `/redirect` answers 302. */
class Receiver {
  readonly paths: string[] = [];
  private server?: Server;
  port = 0;
  constructor(private readonly host = '127.0.0.1') {}
  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      this.paths.push(req.url ?? '/');
      req.resume();
      req.on('end', () => {
        if (req.url?.startsWith('/redirect')) res.writeHead(302, { location: `http://127.0.0.1:${this.port}/landed` }).end();
        else res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, this.host, resolve));
    this.port = (this.server!.address() as AddressInfo).port;
  }
  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}

let position = 9000;
const paged = (incidentId: string, webhookUrl: string): RecordedEvent => ({
  ...ResponderPagedV1.create(
    newId(),
    {
      incidentId,
      pageId: newId(),
      teamId: newId(),
      team: 'payments',
      responder: { name: 'alice', webhookUrl },
      priority: 'P1',
      title: 'Checkout down',
      escalationLevel: 1,
      reason: 'lowest onCallOrder',
    },
    { incidentId, correlationId: incidentId, causationId: newId(), actor: 'system:coordination', occurredAt: new Date().toISOString() },
  ),
  streamId: `response-${incidentId}`,
  revision: 0,
  position: ++position,
  recordedAt: new Date().toISOString(),
});

describe('the outbound guard in comms (no OUTBOUND_ALLOW_CIDRS: loopback, private and metadata targets refused)', () => {
  let app: INestApplication;
  let bus: InProcessBus;
  let store: SqliteEventStore;
  let dir: string;
  const receiver = new Receiver();
  const saved = { ...process.env };

  beforeAll(async () => {
    process.env.LOG_LEVEL ??= 'warn';
    delete process.env.OUTBOUND_ALLOW_CIDRS;
    process.env.COMMS_SIGNING_SECRET = 'page-signing-secret-for-tests';
    process.env.COMMS_DELIVERY_BACKOFF_MS = '20';
    process.env.COMMS_DELIVERY_ATTEMPTS = '3';
    process.env.COMMS_DELIVERY_TIMEOUT_MS = '2000';
    await receiver.start();
    dir = mkdtempSync(join(tmpdir(), 'comms-outbound-'));
    store = new SqliteEventStore({ path: join(dir, 'events.db') });
    bus = new InProcessBus();
    const moduleRef = await Test.createTestingModule({
      imports: [InfrastructureModule.forRoot({ service: COMMS_SERVICE, store, bus }), CommsModule],
    }).compile();
    app = moduleRef.createNestApplication(createHttpAdapter(), { logger: false });
    configureApp(app, COMMS_SERVICE);
    await initApp(app);
  });

  afterAll(async () => {
    await app.close();
    await bus.close();
    await store.close();
    await receiver.stop();
    rmSync(dir, { recursive: true, force: true });
    process.env = saved;
  });

  const outcomeOf = async (deliveryId: string) => (await app.get<EventStore>(EVENT_STORE).readStream(`delivery-${deliveryId}`))[0];

  it.each(REFUSED_WEBHOOK_URLS)('refuses the subscription %s with a 400 naming webhookUrl and stores nothing', async (webhookUrl) => {
    const res = await request(app.getHttpServer()).post('/comms/subscriptions').send({ webhookUrl, secret: 'subscriber-secret-0123456789' }).expect(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.errors).toEqual([{ field: 'webhookUrl', reason: expect.any(String) }]);
    const subscriptions = await store.readAll({ filter: { streamPrefixes: ['subscription-'] } });
    expect(subscriptions).toHaveLength(0);
  });

  it('says why a subscription is refused', async () => {
    const reasonFor = async (webhookUrl: string) =>
      (await request(app.getHttpServer()).post('/comms/subscriptions').send({ webhookUrl, secret: 'subscriber-secret-0123456789' }).expect(400)).body.errors[0].reason;
    expect(await reasonFor('http://169.254.169.254/latest/meta-data')).toContain('169.254.169.254 is a link-local address');
    expect(await reasonFor('http://0x7f000001/')).toContain('127.0.0.1 is a loopback address');
    expect(await reasonFor('http://[::ffff:127.0.0.1]/')).toContain('127.0.0.1, a loopback address');
    expect(await reasonFor('http://metadata.google.internal/')).toContain('metadata.google.internal');
    expect(await reasonFor('https://alice:s3cret@hooks.example.com/')).toContain('credentials');
    expect(await reasonFor('https://hooks.example.com/?token=abc')).toContain('token');
  });

  it('pages nothing to a loopback receiver and records a final failure that names the guard, not a socket error', async () => {
    const incidentId = newId();
    const url = `http://127.0.0.1:${receiver.port}/pager/alice`;
    const event = paged(incidentId, url);
    await bus.publish(topicOf('coordination'), [{ key: incidentId, event }]);
    const outcome = await outcomeOf(deliveryIdOf(event.id, url));
    expect(outcome.type).toBe('NotificationFailed');
    expect(outcome.data).toMatchObject({ attempts: 1, error: 'refused by the outbound guard: 127.0.0.1 is a loopback address' });
    expect(receiver.paths).not.toContain('/pager/alice');
  });

  it('records the metadata address as refused without trying to connect', async () => {
    const incidentId = newId();
    const url = 'http://169.254.169.254/latest/meta-data/iam/security-credentials/';
    const event = paged(incidentId, url);
    await bus.publish(topicOf('coordination'), [{ key: incidentId, event }]);
    const outcome = await outcomeOf(deliveryIdOf(event.id, url));
    expect(outcome.data).toMatchObject({ attempts: 1, error: 'refused by the outbound guard: 169.254.169.254 is a link-local address' });
  });
});
