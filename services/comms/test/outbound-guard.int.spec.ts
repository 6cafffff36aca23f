import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { EVENT_STORE, EventStore, RecordedEvent, newId, topicOf } from '@linchpin/eventsourcing';
import { OutboundGuard, resolverUsing } from '@linchpin/platform';
import { CommsModule } from '../src/comms.module';
import { deliveryIdOf } from '../src/domain/delivery';
import { COMMS_SERVICE } from '../src/service';
import { asAdmin, eventually, REFUSED_WEBHOOK_URLS } from '@linchpin/testing';
import { startServiceApp } from '@linchpin/service-testing';
import { LoopbackDns } from './support/loopback-dns';
import { responderPaged } from './support/responder-paged';

/** An HTTP endpoint on one loopback address that records every request; `/redirect` answers 302 to `/landed`. */
class Receiver {
  readonly paths: string[] = [];
  readonly hosts: string[] = [];
  private server?: Server;
  port = 0;
  constructor(private readonly host = '127.0.0.1') {}
  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      this.paths.push(req.url ?? '/');
      this.hosts.push(req.headers.host ?? '');
      req.resume();
      req.on('end', () => {
        if (req.url?.startsWith('/redirect')) res.writeHead(302, { location: `http://${this.host}:${this.port}/landed` }).end();
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

const paged = (incidentId: string, webhookUrl: string): RecordedEvent => responderPaged({ incidentId, webhookUrl });

/** Comms over HTTP with the real SQLite store and the in-process bus, calling out through `guard`. */
async function startComms(guard: OutboundGuard) {
  const { app, store, bus, close } = await startServiceApp({ service: COMMS_SERVICE, module: CommsModule, overrides: [{ provide: OutboundGuard, useValue: guard }] });
  const page = async (url: string) => {
    const incidentId = newId();
    const event = paged(incidentId, url);
    await bus.publish(topicOf('coordination'), [{ key: incidentId, event }]);
    // Recorded by the delivery dispatcher once it has sent (or refused) the page, after the bus has moved on.
    return eventually('the delivery outcome', async () =>
      (await app.get<EventStore>(EVENT_STORE).readStream(`delivery-${deliveryIdOf(event.id, url)}`)).find((e) => e.type === 'NotificationDelivered' || e.type === 'NotificationFailed'),
    );
  };
  return { app, store, page, stop: close };
}

const environment = { ...process.env };
beforeAll(() => {
  process.env.LOG_LEVEL ??= 'warn';
  process.env.COMMS_SIGNING_SECRET = 'page-signing-secret-for-tests';
  process.env.COMMS_DELIVERY_BACKOFF_MS = '20';
  process.env.COMMS_DELIVERY_ATTEMPTS = '3';
  process.env.COMMS_DELIVERY_TIMEOUT_MS = '2000';
});
afterAll(() => {
  process.env = environment;
});

describe('the outbound guard in comms (no OUTBOUND_ALLOW_CIDRS: loopback, private and metadata targets refused)', () => {
  let comms: Awaited<ReturnType<typeof startComms>>;
  const receiver = new Receiver('127.0.0.1');
  // Names the test's DNS server (on loopback) answers; nothing else resolves through it.
  const dns = new LoopbackDns({ 'pager.rebind.test': ['127.0.0.1'], 'mixed.rebind.test': ['93.184.215.14', '127.0.0.1'] });

  beforeAll(async () => {
    await Promise.all([receiver.start(), dns.start()]);
    comms = await startComms(new OutboundGuard({ resolve: resolverUsing([dns.server]) }));
  });

  afterAll(async () => {
    await comms.stop();
    await Promise.all([receiver.stop(), dns.stop()]);
  });

  it.each(REFUSED_WEBHOOK_URLS)('refuses the subscription %s with a 400 naming webhookUrl and stores nothing', async (webhookUrl) => {
    const res = await asAdmin(comms.app.getHttpServer()).post('/comms/subscriptions').send({ webhookUrl, secret: 'subscriber-secret-0123456789' }).expect(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.errors).toEqual([{ field: 'webhookUrl', reason: expect.any(String) }]);
    const subscriptions = await comms.store.readAll({ filter: { streamPrefixes: ['subscription-'] } });
    expect(subscriptions).toHaveLength(0);
  });

  it('says why a subscription is refused', async () => {
    const reasonFor = async (webhookUrl: string) =>
      (await asAdmin(comms.app.getHttpServer()).post('/comms/subscriptions').send({ webhookUrl, secret: 'subscriber-secret-0123456789' }).expect(400)).body.errors[0].reason;
    expect(await reasonFor('http://169.254.169.254/latest/meta-data')).toContain('169.254.169.254 is a link-local address');
    expect(await reasonFor('http://0x7f000001/')).toContain('127.0.0.1 is a loopback address');
    expect(await reasonFor('http://[::ffff:127.0.0.1]/')).toContain('127.0.0.1, a loopback address');
    expect(await reasonFor('http://metadata.google.internal/')).toContain('metadata.google.internal');
    expect(await reasonFor('https://alice:s3cret@hooks.example.com/')).toContain('credentials');
    expect(await reasonFor('https://hooks.example.com/?token=abc')).toContain('token');
  });

  it('pages nothing to a loopback receiver and records a final failure that names the guard, not a socket error', async () => {
    const outcome = await comms.page(`http://127.0.0.1:${receiver.port}/pager/alice`);
    expect(outcome.type).toBe('NotificationFailed');
    expect(outcome.data).toMatchObject({ attempts: 1, error: 'refused by the outbound guard: 127.0.0.1 is a loopback address' });
    expect(receiver.paths).not.toContain('/pager/alice');
  });

  it('records the metadata address as refused without trying to connect', async () => {
    const outcome = await comms.page('http://169.254.169.254/latest/meta-data/iam/security-credentials/');
    expect(outcome.data).toMatchObject({ attempts: 1, error: 'refused by the outbound guard: 169.254.169.254 is a link-local address' });
  });

  it('refuses a name that DNS resolves to loopback, after resolving it, and the receiver gets nothing', async () => {
    const outcome = await comms.page(`http://pager.rebind.test:${receiver.port}/pager/rebound`);
    expect(dns.asked).toContain('pager.rebind.test');
    expect(outcome.type).toBe('NotificationFailed');
    expect(outcome.data).toMatchObject({ attempts: 1, error: 'refused by the outbound guard: pager.rebind.test resolves to 127.0.0.1, a loopback address' });
    expect(receiver.paths).not.toContain('/pager/rebound');
  });

  it('refuses a name when any of its addresses is refused, even if another is public', async () => {
    const outcome = await comms.page(`http://mixed.rebind.test:${receiver.port}/pager/mixed`);
    expect(outcome.data).toMatchObject({ attempts: 1, error: 'refused by the outbound guard: mixed.rebind.test resolves to 127.0.0.1, a loopback address' });
    expect(receiver.paths).not.toContain('/pager/mixed');
  });
});

describe('the outbound guard in comms with OUTBOUND_ALLOW_CIDRS=127.0.0.2/32', () => {
  let comms: Awaited<ReturnType<typeof startComms>>;
  const allowed = new Receiver('127.0.0.2');
  const elsewhere = new Receiver('127.0.0.1');
  const dns = new LoopbackDns({ 'pager.allowed.test': ['127.0.0.2'], 'pager.loopback.test': ['127.0.0.1'] });

  beforeAll(async () => {
    await Promise.all([allowed.start(), elsewhere.start(), dns.start()]);
    comms = await startComms(new OutboundGuard({ allowCidrs: ['127.0.0.2/32'], resolve: resolverUsing([dns.server]) }));
  });

  afterAll(async () => {
    await comms.stop();
    await Promise.all([allowed.stop(), elsewhere.stop(), dns.stop()]);
  });

  it('delivers to the address the name was checked at (pinned), with the name as Host', async () => {
    const outcome = await comms.page(`http://pager.allowed.test:${allowed.port}/pager/alice`);
    expect(outcome.type).toBe('NotificationDelivered');
    expect(allowed.paths).toContain('/pager/alice');
    expect(allowed.hosts).toContain(`pager.allowed.test:${allowed.port}`);
  });

  it('still refuses a name resolving to a loopback address outside the allowed range', async () => {
    const outcome = await comms.page(`http://pager.loopback.test:${elsewhere.port}/pager/bob`);
    expect(outcome.data).toMatchObject({ attempts: 1, error: 'refused by the outbound guard: pager.loopback.test resolves to 127.0.0.1, a loopback address' });
    expect(elsewhere.paths).toHaveLength(0);
  });

  it('accepts an allowed literal at write time and refuses the rest of loopback', async () => {
    const subscribe = (webhookUrl: string) => asAdmin(comms.app.getHttpServer()).post('/comms/subscriptions').send({ webhookUrl, secret: 'subscriber-secret-0123456789' });
    await subscribe(`http://127.0.0.2:${allowed.port}/status`).expect(201);
    await subscribe(`http://[::ffff:127.0.0.2]:${allowed.port}/status`).expect(201);
    await subscribe(`http://127.0.0.1:${allowed.port}/status`).expect(400);
    await subscribe(`http://localhost:${allowed.port}/status`).expect(400);
  });

  it('does not follow a redirect: one attempt, recorded failed with a plain reason, the target never reached', async () => {
    const outcome = await comms.page(`http://127.0.0.2:${allowed.port}/redirect/page`);
    expect(outcome.type).toBe('NotificationFailed');
    expect(outcome.data).toMatchObject({ attempts: 1, statusCode: 302, error: 'receiver answered HTTP 302; redirects are not followed' });
    expect(allowed.paths).toContain('/redirect/page');
    expect(allowed.paths).not.toContain('/landed');
  });
});
