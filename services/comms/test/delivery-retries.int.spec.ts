import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AddressInfo } from 'node:net';
import { ManualClock, RecordedEvent, topicOf } from '@linchpin/eventsourcing';
import { eventually } from '@linchpin/testing';
import { ServiceApp, startServiceApp } from '@linchpin/service-testing';
import { CommsModule } from '../src/comms.module';
import { DeliveryRetryTimers } from '../src/application/delivery-retry.timers';
import { deliveryIdOf } from '../src/domain/delivery';
import { COMMS_SERVICE } from '../src/service';
import { responderPaged } from './support/responder-paged';

/** A pager that can die and come back on the same port; it keeps the headers of every request it got. */
class Pager {
  readonly requests: IncomingHttpHeaders[] = [];
  port = 0;
  /** What it answers. */
  status = 204;
  private server?: Server;
  get url(): string {
    return `http://127.0.0.1:${this.port}/pager`;
  }
  async up(): Promise<void> {
    this.server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        this.requests.push(req.headers);
        res.writeHead(this.status).end();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
    this.port = (this.server!.address() as AddressInfo).port;
  }
  async down(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
    this.server = undefined;
  }
}

const BASE_SECONDS = 5;
const ATTEMPTS = 3;

describe('delivery retries on durable timers (ManualClock + SQLite file): a restart neither loses nor doubles a retry', () => {
  let dir: string;
  const apps: ServiceApp[] = [];
  const pager = new Pager();
  const clock = new ManualClock('2026-03-01T09:00:00.000Z');

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'linchpin-comms-retries-'));
    pager.requests.length = 0;
    pager.status = 204;
    pager.port = 0;
  });
  afterEach(async () => {
    for (const app of apps.splice(0)) await app.close().catch(() => undefined);
    await pager.down();
    rmSync(dir, { recursive: true, force: true });
  });

  const start = async () => {
    const app = await startServiceApp({
      service: COMMS_SERVICE,
      module: CommsModule,
      clock,
      sqlitePath: join(dir, 'events.db'),
      env: {
        COMMS_SIGNING_SECRET: 'page-signing-secret-for-tests',
        COMMS_PAGE_RETRY_ATTEMPTS: String(ATTEMPTS),
        COMMS_PAGE_RETRY_BASE_SECONDS: String(BASE_SECONDS),
        OUTBOUND_ALLOW_CIDRS: '127.0.0.0/8',
      },
    });
    apps.push(app);
    return app;
  };
  const streamOf = (app: ServiceApp, deliveryId: string) => app.store.readStream(`delivery-${deliveryId}`);
  const recorded = (app: ServiceApp, deliveryId: string, what: string, found: (events: RecordedEvent[]) => boolean) =>
    eventually(what, async () => {
      const events = await streamOf(app, deliveryId);
      return found(events) ? events : undefined;
    });
  const failedAttempts = (events: RecordedEvent[]) => events.filter((e) => e.type === 'DeliveryAttemptFailed').map((e) => e.data as { attempt: number; nextAttemptAt: string | null });
  const page = async (app: ServiceApp) => {
    const paged = responderPaged({ webhookUrl: pager.url });
    await app.bus.publish(topicOf('coordination'), [{ key: (paged.data as { incidentId: string }).incidentId, event: paged }]);
    return deliveryIdOf(paged.id, pager.url);
  };

  it('attempt 1 fails on a dead receiver; after a restart on the same file, attempt 2 is made once, when its timer is due, with the same Linchpin-Delivery', async () => {
    await pager.up();
    await pager.down(); // dead: connection refused
    const first = await start();
    const deliveryId = await page(first);
    const afterFirst = await recorded(first, deliveryId, 'attempt 1 failed', (events) => failedAttempts(events).length === 1);
    const [attempt1] = failedAttempts(afterFirst);
    expect(attempt1.nextAttemptAt).not.toBeNull();
    expect(afterFirst.map((e) => e.type)).toEqual(['DeliveryAttemptFailed', 'TimerScheduled']);
    await first.close();

    await pager.up(); // alive again, same address
    const second = await start();
    const timers = second.app.get(DeliveryRetryTimers);
    // Not due yet: the restarted process fires nothing and sends nothing.
    await timers.driver.tick();
    expect(timers.driver.pending().map((t) => t.dueAt)).toEqual([new Date(attempt1.nextAttemptAt!).toISOString()]);
    expect(pager.requests).toHaveLength(0);

    clock.advance(BASE_SECONDS * 1000);
    const settled = await recorded(second, deliveryId, 'attempt 2 delivered', (events) => events.some((e) => e.type === 'NotificationDelivered'));
    expect(settled.map((e) => e.type)).toEqual(['DeliveryAttemptFailed', 'TimerScheduled', 'TimerFired', 'NotificationDelivered']);
    expect(settled[3].data).toMatchObject({ deliveryId, attempts: 2, statusCode: 204, latencyMs: expect.any(Number) });
    // Exactly once, even when the timers are looked at again later.
    clock.advance(3600_000);
    await timers.driver.tick();
    expect(pager.requests).toHaveLength(1);
    expect(pager.requests[0]['linchpin-delivery']).toBe(deliveryId);
    expect((await streamOf(second, deliveryId)).filter((e) => e.type === 'TimerFired')).toHaveLength(1);
  });

  it('a receiver that stays dead: every attempt waits for its timer, and the last records NotificationFailed with it', async () => {
    await pager.up();
    await pager.down();
    const comms = await start();
    const deliveryId = await page(comms);
    for (let n = 1; n < ATTEMPTS; n++) {
      await recorded(comms, deliveryId, `attempt ${n} failed`, (events) => failedAttempts(events).length === n);
      clock.advance(BASE_SECONDS * 3 ** (n - 1) * 1000);
    }
    const events = await recorded(comms, deliveryId, 'the outcome', (es) => es.some((e) => e.type === 'NotificationFailed'));
    expect(failedAttempts(events).map((a) => [a.attempt, a.nextAttemptAt === null])).toEqual([
      [1, false],
      [2, false],
      [3, true],
    ]);
    expect(events.slice(-2).map((e) => e.type)).toEqual(['DeliveryAttemptFailed', 'NotificationFailed']);
    expect(events.at(-1)!.data).toMatchObject({ attempts: ATTEMPTS, error: `connection refused (ECONNREFUSED) to 127.0.0.1:${pager.port}` });
  });

  it('dead letters: a delivery failed for good is listed with its cause; a retry starts round 2 (409 not_failed once delivered, 404 unknown)', async () => {
    pager.status = 404; // a client error: final, no retry
    await pager.up();
    const comms = await start();
    const deliveryId = await page(comms);
    await recorded(comms, deliveryId, 'failed for good', (events) => events.some((e) => e.type === 'NotificationFailed'));

    const listed = await comms.http().get('/comms/dead-letters').expect(200);
    expect(listed.body).toEqual({ items: [expect.objectContaining({ deliveryId, state: 'failed', round: 1, error: 'receiver answered HTTP 404' })], nextCursor: null });

    pager.status = 204;
    const retried = await comms.http().post(`/comms/deliveries/${deliveryId}/retry`).expect(202);
    expect(retried.body).toEqual({ deliveryId, round: 2 });
    const events = await recorded(comms, deliveryId, 'round 2 delivered', (es) => es.some((e) => e.type === 'NotificationDelivered'));
    expect(events.map((e) => e.type)).toEqual(['DeliveryAttemptFailed', 'NotificationFailed', 'DeliveryRetryRequested', 'NotificationDelivered']);
    expect(new Set(events.map((e) => e.id)).size).toBe(4);
    expect(events[2].data).toMatchObject({ deliveryId, round: 2, previousError: 'receiver answered HTTP 404' });
    expect(pager.requests.map((h) => h['linchpin-delivery'])).toEqual([deliveryId, deliveryId]);

    expect((await comms.http().get('/comms/dead-letters').expect(200)).body.items).toEqual([]);
    const delivered = await comms.http().post(`/comms/deliveries/${deliveryId}/retry`).expect(409);
    expect(delivered.body).toMatchObject({ code: 'not_failed' });
    expect(delivered.headers['content-type']).toMatch(/application\/problem\+json/);
    await comms.http().post('/comms/deliveries/0b8f2a52-8f0e-4c1b-9a2d-3c7e5b8d4a10/retry').expect(404);
    expect((await comms.http().get(`/comms/deliveries/${deliveryId}`).expect(200)).body).toMatchObject({ state: 'delivered', round: 2, attempts: 1 });
  });
});
