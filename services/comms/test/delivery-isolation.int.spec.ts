import { createServer, IncomingHttpHeaders, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RecordedEvent, newId, topicOf } from '@linchpin/eventsourcing';
import { asAdmin, eventually } from '@linchpin/testing';
import { ServiceApp, startServiceApp } from '@linchpin/service-testing';
import { CommsModule } from '../src/comms.module';
import { deliveryIdOf } from '../src/domain/delivery';
import { COMMS_SERVICE } from '../src/service';
import { responderPaged } from './support/responder-paged';

interface Request {
  path: string;
  headers: IncomingHttpHeaders;
  /** The receiver answered it. */
  answered: boolean;
  /** The sender gave up on it (its connection closed before an answer). */
  abandoned: boolean;
}

/**
 * A webhook endpoint that either answers 204 or accepts the request and never answers, like a
 * receiver stuck behind a dead upstream. `hang` can be switched off to play the receiver recovering.
 */
class Receiver {
  readonly requests: Request[] = [];
  private readonly held: ServerResponse[] = [];
  private server?: Server;
  url = '';

  constructor(public hang: boolean) {}

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        const seen: Request = { path: req.url ?? '/', headers: req.headers, answered: false, abandoned: false };
        this.requests.push(seen);
        if (this.hang) {
          this.held.push(res);
          res.on('close', () => (seen.abandoned = !seen.answered));
          return;
        }
        seen.answered = true;
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  on(path: string): Request[] {
    return this.requests.filter((r) => r.path === path);
  }

  /** Requests the receiver holds and the sender still waits on. */
  hanging(path?: string): Request[] {
    return this.requests.filter((r) => (path === undefined || r.path === path) && !r.answered && !r.abandoned);
  }

  async stop(): Promise<void> {
    for (const res of this.held) res.destroy();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}

const paged = (webhookUrl: string, team: string, incidentId = newId()): RecordedEvent =>
  responderPaged({ webhookUrl, team, incidentId, responder: `${team}-on-call`, title: `${team} is down` });

/** Comms alone, as deployed: real HTTP, a SQLite file (`sqlitePath`, or a temporary one), the in-process bus. */
const startComms = (env: Record<string, string>, sqlitePath?: string): Promise<ServiceApp> =>
  startServiceApp({ service: COMMS_SERVICE, module: CommsModule, env, ...(sqlitePath ? { sqlitePath } : {}) });

const TIMEOUT_MS = 3000;
const baseEnv = {
  COMMS_SIGNING_SECRET: 'page-signing-secret-for-tests',
  COMMS_DELIVERY_BACKOFF_MS: '20',
  COMMS_DELIVERY_ATTEMPTS: '2',
  COMMS_DELIVERY_TIMEOUT_MS: String(TIMEOUT_MS),
  // Test receivers listen on loopback, which the outbound guard refuses unless allowed.
  OUTBOUND_ALLOW_CIDRS: '127.0.0.0/8',
};

describe('one hung receiver delays nobody else (comms over HTTP, SQLite, in-process bus)', () => {
  const stuck = new Receiver(true);
  const healthy = new Receiver(false);
  let comms: ServiceApp;

  beforeAll(async () => {
    await stuck.start();
    await healthy.start();
    comms = await startComms(baseEnv);
  });

  afterAll(async () => {
    await comms?.close();
    await stuck.stop();
    await healthy.stop();
  }, 20_000);

  const outcomeOf = (deliveryId: string) => comms.store.readStream(`delivery-${deliveryId}`);

  it("team B's page arrives while team A's receiver still hangs on A's page; A's page is then recorded as failed: no answer in time", async () => {
    const pageA = paged(`${stuck.url}/pager/team-a`, 'team-a');
    const pageB = paged(`${healthy.url}/pager/team-b`, 'team-b');

    void comms.bus.publish(topicOf('coordination'), [{ key: pageA.metadata.incidentId!, event: pageA }]);
    await eventually("A's page reaching A's hung receiver", () => (stuck.hanging('/pager/team-a').length ? true : undefined));
    void comms.bus.publish(topicOf('coordination'), [{ key: pageB.metadata.incidentId!, event: pageB }]);

    const b = await eventually("B's page", () => healthy.on('/pager/team-b')[0]);
    expect(stuck.hanging('/pager/team-a')).toHaveLength(1);
    expect(b.headers['linchpin-delivery']).toBe(deliveryIdOf(pageB.id, `${healthy.url}/pager/team-b`));

    const deliveryA = deliveryIdOf(pageA.id, `${stuck.url}/pager/team-a`);
    const failed = await eventually("A's outcome", async () => (await outcomeOf(deliveryA)).find((e) => e.type === 'NotificationFailed' || e.type === 'NotificationDelivered'), 4 * TIMEOUT_MS);
    expect(failed.type).toBe('NotificationFailed');
    expect(failed.data).toMatchObject({ attempts: 2, error: `no answer within ${TIMEOUT_MS} ms`, kind: 'page' });
    expect(failed.data).not.toHaveProperty('statusCode');
    expect(stuck.on('/pager/team-a').every((r) => r.headers['linchpin-delivery'] === deliveryA)).toBe(true);
    const api = await asAdmin(comms.app.getHttpServer()).get(`/comms/deliveries/${deliveryA}`).expect(200);
    expect(api.body).toMatchObject({ outcome: 'failed', error: `no answer within ${TIMEOUT_MS} ms` });
  }, 20_000);

  it('a burst of status updates to a hung subscriber does not hold back a page', async () => {
    const incidentId = newId();
    // Comms takes updates only for incidents it has heard of from coordination: here, through their first page.
    const first = paged(`${healthy.url}/pager/team-d`, 'team-d', incidentId);
    await comms.bus.publish(topicOf('coordination'), [{ key: incidentId, event: first }]);
    await eventually('the first page', () => healthy.on('/pager/team-d')[0]);
    await asAdmin(comms.app.getHttpServer())
      .post('/comms/subscriptions')
      .send({ webhookUrl: `${stuck.url}/status/${incidentId}`, secret: 'subscriber-secret-0123456789', incidentId })
      .expect(201);
    for (let n = 0; n < 12; n++) {
      await asAdmin(comms.app.getHttpServer())
        .post(`/comms/incidents/${incidentId}/updates`)
        .send({ status: 'investigating', message: `still looking (${n})` })
        .expect(202);
    }
    await eventually('the updates reaching the hung subscriber', () => (stuck.hanging(`/status/${incidentId}`).length ? true : undefined));

    const page = paged(`${healthy.url}/pager/team-c`, 'team-c');
    void comms.bus.publish(topicOf('coordination'), [{ key: page.metadata.incidentId!, event: page }]);

    // Counted when the page is first seen: updates still hanging then means none had to give up (time out) for
    // the page to go out. Counting later would race the delivery timeout on a loaded machine.
    const whenPaged = await eventually('the page', () => (healthy.on('/pager/team-c')[0] ? { hanging: stuck.hanging(`/status/${incidentId}`).length } : undefined));
    expect(stuck.on(`/status/${incidentId}`).length).toBeGreaterThan(0);
    expect(whenPaged.hanging).toBeGreaterThan(0);
  }, 20_000);
});

describe('a requested page survives a restart (comms over HTTP, one SQLite file, two processes in turn)', () => {
  const receiver = new Receiver(true);
  let dir: string;

  beforeAll(async () => {
    await receiver.start();
    dir = mkdtempSync(join(tmpdir(), 'comms-restart-'));
  });

  afterAll(async () => {
    await receiver.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a page whose receiver hung when the app closed is sent after restart, with the same Linchpin-Delivery id, exactly once', async () => {
    const dbPath = join(dir, 'events.db');
    const url = `${receiver.url}/pager/team-d`;
    const page = paged(url, 'team-d');
    const deliveryId = deliveryIdOf(page.id, url);

    const first = await startComms({ ...baseEnv, COMMS_DELIVERY_ATTEMPTS: '1', COMMS_DELIVERY_TIMEOUT_MS: '5000' }, dbPath);
    void first.bus.publish(topicOf('coordination'), [{ key: page.metadata.incidentId!, event: page }]);
    await eventually('the page reaching the hung receiver', () => (receiver.hanging('/pager/team-d').length ? true : undefined));
    await first.close();

    receiver.hang = false;
    const second = await startComms(baseEnv, dbPath);
    try {
      const delivered = await eventually('the page after restart', () => receiver.on('/pager/team-d').find((r) => r.answered));
      expect(delivered.headers['linchpin-delivery']).toBe(deliveryId);
      const outcome = await eventually('the outcome', async () => {
        const events = await second.store.readStream(`delivery-${deliveryId}`);
        return events.length ? events : undefined;
      });
      expect(outcome.map((e) => e.type)).toEqual(['NotificationDelivered']);
      expect(outcome[0].data).toMatchObject({ kind: 'page', attempts: 1, statusCode: 204 });
      expect(receiver.on('/pager/team-d').filter((r) => r.answered)).toHaveLength(1);
      expect(receiver.on('/pager/team-d').every((r) => r.headers['linchpin-delivery'] === deliveryId)).toBe(true);
    } finally {
      await second.close();
    }
  }, 30_000);
});
