import { createServer, Server, ServerResponse } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AddressInfo } from 'node:net';
import { RecordedEvent, topicOf } from '@linchpin/eventsourcing';
import { DeliveryAttemptFailed } from '@linchpin/contracts';
import { eventually } from '@linchpin/testing';
import { ServiceApp, startServiceApp } from '@linchpin/service-testing';
import { CommsModule } from '../src/comms.module';
import { deliveryIdOf } from '../src/domain/delivery';
import { COMMS_SERVICE } from '../src/service';
import { responderPaged } from './support/responder-paged';

/** A pager answering each POST as scripted by its number (1, 2, …): a status, or `hang` (never answers). */
class ScriptedReceiver {
  requests = 0;
  private server?: Server;
  private readonly hanging: ServerResponse[] = [];
  url = '';
  constructor(public script: (n: number) => number | 'hang') {}
  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        const answer = this.script(++this.requests);
        if (answer === 'hang') this.hanging.push(res);
        else res.writeHead(answer).end();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/pager`;
  }
  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}

const OUTCOMES = ['NotificationDelivered', 'NotificationFailed'];
const COMMS_TOPIC = topicOf('comms');

describe('DeliveryAttemptFailed: every failed attempt of a delivery, recorded and published before its outcome', () => {
  let dir: string;
  const apps: ServiceApp[] = [];
  let receiver: ScriptedReceiver;

  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'linchpin-comms-attempts-'))));
  afterEach(async () => {
    for (const app of apps.splice(0)) await app.close().catch(() => undefined);
    await receiver?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const start = async () => {
    const app = await startServiceApp({
      service: COMMS_SERVICE,
      module: CommsModule,
      sqlitePath: join(dir, 'events.db'),
      observe: [COMMS_TOPIC],
      env: { COMMS_SIGNING_SECRET: 'page-signing-secret-for-tests', COMMS_DELIVERY_BACKOFF_MS: '20', COMMS_DELIVERY_ATTEMPTS: '3', OUTBOUND_ALLOW_CIDRS: '127.0.0.0/8' },
    });
    apps.push(app);
    return app;
  };
  const deliveryStream = (app: ServiceApp, deliveryId: string) => app.store.readStream(`delivery-${deliveryId}`);
  const settled = (app: ServiceApp, deliveryId: string) =>
    eventually(`the outcome of delivery ${deliveryId}`, async () => {
      const events = await deliveryStream(app, deliveryId);
      return events.some((e) => OUTCOMES.includes(e.type)) ? events : undefined;
    });
  // The delivery's facts; its retry timers (TimerScheduled, TimerFired) are in the same stream, tested in delivery-retries.
  const types = (events: { type: string }[]) => events.filter((e) => !e.type.startsWith('Timer')).map((e) => e.type);
  const facts = (events: RecordedEvent[]) => events.filter((e) => !e.type.startsWith('Timer'));

  it('a receiver answering 500 then 204: one DeliveryAttemptFailed, then NotificationDelivered, on the stream and on the bus', async () => {
    receiver = new ScriptedReceiver((n) => (n === 1 ? 500 : 204));
    await receiver.start();
    const comms = await start();
    const page = responderPaged({ webhookUrl: receiver.url });
    const { incidentId, pageId } = page.data as { incidentId: string; pageId: string };
    await comms.bus.publish(topicOf('coordination'), [{ key: incidentId, event: page }]);
    const deliveryId = deliveryIdOf(page.id, receiver.url);

    const events = facts(await settled(comms, deliveryId));
    expect(types(events)).toEqual(['DeliveryAttemptFailed', 'NotificationDelivered']);
    const [failed] = events;
    expect(failed.data).toEqual({
      deliveryId,
      kind: 'page',
      incidentId,
      pageId,
      attempt: 1,
      error: 'receiver answered HTTP 500',
      statusCode: 500,
      latencyMs: expect.any(Number),
      nextAttemptAt: expect.any(String),
      round: 1,
      at: expect.any(String),
    });
    expect(DeliveryAttemptFailed.validate(failed.data)).toEqual([]);
    expect(failed.metadata).toMatchObject({ incidentId, correlationId: incidentId, causationId: page.id, actor: 'system:comms' });
    expect(events[1].data).toMatchObject({ attempts: 2, statusCode: 204, latencyMs: expect.any(Number) });

    const published = await eventually('both on the bus', () => {
      const mine = comms.published.filter((e) => (e.data as { deliveryId?: string }).deliveryId === deliveryId);
      return mine.length >= 2 ? mine : undefined;
    });
    expect(types(published)).toEqual(['DeliveryAttemptFailed', 'NotificationDelivered']);
    expect(published[0].id).toBe(failed.id);
  });

  it('every failed attempt is recorded, then NotificationFailed (unchanged)', async () => {
    receiver = new ScriptedReceiver(() => 503);
    await receiver.start();
    const comms = await start();
    const page = responderPaged({ webhookUrl: receiver.url });
    await comms.bus.publish(topicOf('coordination'), [{ key: (page.data as { incidentId: string }).incidentId, event: page }]);
    const events = facts(await settled(comms, deliveryIdOf(page.id, receiver.url)));
    expect(types(events)).toEqual(['DeliveryAttemptFailed', 'DeliveryAttemptFailed', 'DeliveryAttemptFailed', 'NotificationFailed']);
    expect(events.slice(0, 3).map((e) => (e.data as { attempt: number }).attempt)).toEqual([1, 2, 3]);
    expect(events[3].data).toMatchObject({ attempts: 3, statusCode: 503, error: 'receiver answered HTTP 503' });
  });

  it('a dead receiver: every attempt and the outcome name the real cause (connection refused, where), never "fetch failed"', async () => {
    receiver = new ScriptedReceiver(() => 204);
    await receiver.start();
    const deadUrl = receiver.url;
    await receiver.stop();
    const comms = await start();
    const page = responderPaged({ webhookUrl: deadUrl });
    await comms.bus.publish(topicOf('coordination'), [{ key: (page.data as { incidentId: string }).incidentId, event: page }]);
    const events = facts(await settled(comms, deliveryIdOf(page.id, deadUrl)));
    const cause = `connection refused (ECONNREFUSED) to ${new URL(deadUrl).host}`;
    expect(events.map((e) => (e.data as { error?: string }).error)).toEqual([cause, cause, cause, cause]);
    expect(types(events).at(-1)).toBe('NotificationFailed');
  });

  it("a page's delivery is found by the page's id: its state, every attempt with its status and cause", async () => {
    receiver = new ScriptedReceiver((n) => (n < 3 ? 503 : 204));
    await receiver.start();
    const comms = await start();
    const page = responderPaged({ webhookUrl: receiver.url });
    const { pageId } = page.data as { pageId: string };
    await comms.bus.publish(topicOf('coordination'), [{ key: (page.data as { incidentId: string }).incidentId, event: page }]);
    const deliveryId = deliveryIdOf(page.id, receiver.url);
    await settled(comms, deliveryId);
    const byPage = await comms.http().get(`/comms/deliveries/${pageId}`).expect(200);
    expect(byPage.body).toMatchObject({ deliveryId, subjectId: pageId, kind: 'page', state: 'delivered', outcome: 'delivered', attempts: 3, statusCode: 204, error: null, nextAttemptAt: null });
    expect(byPage.body.attemptLog).toEqual([
      expect.objectContaining({ attempt: 1, statusCode: 503, error: 'receiver answered HTTP 503', at: expect.any(String) }),
      expect.objectContaining({ attempt: 2, statusCode: 503, error: 'receiver answered HTTP 503' }),
      expect.objectContaining({ attempt: 3, statusCode: 204, error: null }),
    ]);
    const byId = await comms.http().get(`/comms/deliveries/${deliveryId}`).expect(200);
    expect(byId.body).toEqual(byPage.body);
  });

  it('a restart resumes at the attempt it had reached: an attempt cut short by the stop is made again, none recorded is repeated', async () => {
    // Before the restart: attempt 1 answers 500 (recorded), attempt 2 hangs until comms stops.
    receiver = new ScriptedReceiver((n) => (n === 1 ? 500 : n === 2 ? 'hang' : n === 3 ? 500 : 204));
    await receiver.start();
    const first = await start();
    const page = responderPaged({ webhookUrl: receiver.url });
    await first.bus.publish(topicOf('coordination'), [{ key: (page.data as { incidentId: string }).incidentId, event: page }]);
    const deliveryId = deliveryIdOf(page.id, receiver.url);
    await eventually('attempt 2 is in flight', () => (receiver.requests === 2 ? true : undefined));
    expect(types(await deliveryStream(first, deliveryId))).toEqual(['DeliveryAttemptFailed']);
    await first.close();

    // After it: attempt 2 (never recorded) is made again and fails (500), then attempt 3 answers 204.
    const second = await start();
    const events: RecordedEvent[] = facts(await settled(second, deliveryId));
    expect(receiver.requests).toBe(4);
    expect(types(events)).toEqual(['DeliveryAttemptFailed', 'DeliveryAttemptFailed', 'NotificationDelivered']);
    expect(events.map((e) => (e.data as { attempt?: number; attempts?: number }).attempt ?? (e.data as { attempts: number }).attempts)).toEqual([1, 2, 3]);
  });
});
