import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { EventStore, InProcessBus, MovableClock, RecordedEvent, newId, topicOf } from '@linchpin/eventsourcing';
import { PersonRegisteredV1, PersonUpdatedV1, ResponderPagedV2 } from '@linchpin/contracts';
import { eventually } from '@linchpin/testing';
import { ServiceApp, startServiceApp } from '@linchpin/service-testing';
import { verifySignature } from '../src/application/webhook-signature';
import { CommsModule } from '../src/comms.module';
import { deliveryIdOf } from '../src/domain/delivery';
import { COMMS_SERVICE } from '../src/service';

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  rawBody: string;
}

/** A person's pager and Slack incoming webhook: records every POST, answers 204. */
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
        res.writeHead(204).end();
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

const SECRET = 'page-signing-secret-for-tests';
const WAIT_SECONDS = 30;
let position = 20000;
const meta = (incidentId?: string) => ({ ...(incidentId ? { incidentId } : {}), correlationId: incidentId ?? 'r', causationId: newId(), actor: 'api', occurredAt: new Date().toISOString() });
const recorded = <T extends { metadata: object }>(event: T, streamId: string, revision: number): RecordedEvent =>
  ({ ...event, streamId, revision, position: ++position, recordedAt: new Date().toISOString() }) as unknown as RecordedEvent;

interface Methods {
  hook: string;
  slack: string;
  mail: string;
}
const personData = (personId: string, urls: { hook: string; slack: string }, ids: Methods) => ({
  personId,
  name: 'alice',
  timeZone: 'Europe/Paris',
  contactMethods: [
    { id: ids.hook, kind: 'webhook' as const, address: urls.hook },
    { id: ids.slack, kind: 'slack' as const, address: urls.slack },
    { id: ids.mail, kind: 'email' as const, address: 'alice@example.com' },
  ],
  notificationRules: [{ contactMethodId: ids.hook, afterMinutes: 0 }],
});
const registered = (data: ReturnType<typeof personData>) => recorded(PersonRegisteredV1.create(newId(), data, meta()), `person-${data.personId}`, 0);
const updated = (data: ReturnType<typeof personData>, revision: number) => recorded(PersonUpdatedV1.create(newId(), data, meta()), `person-${data.personId}`, revision);
const paged = (personId: string, contactMethodId: string, contactKind: 'webhook' | 'slack' | 'email') => {
  const incidentId = newId();
  return recorded(
    ResponderPagedV2.create(
      newId(),
      { incidentId, pageId: newId(), teamId: newId(), team: 'payments', personId, responder: 'alice', contactMethodId, contactKind, priority: 'P1', title: 'Checkout down', escalationLevel: 1, reason: 'lowest onCallOrder' },
      meta(incidentId),
    ),
    `response-${incidentId}`,
    0,
  );
};

describe('comms contact directory: pages by person (SQLite + in-process bus + a real receiver)', () => {
  let comms: ServiceApp;
  let bus: InProcessBus;
  let store: EventStore;
  const clock = new MovableClock();
  const receiver = new Receiver();
  const publish = (event: RecordedEvent) => bus.publish(topicOf('coordination'), [{ key: event.metadata.incidentId ?? event.streamId, event }]);
  // The outcome, after any DeliveryAttemptFailed recorded before it.
  const outcomeOf = (deliveryId: string) =>
    eventually(`the outcome of ${deliveryId}`, async () =>
      (await store.readStream(`delivery-${deliveryId}`)).find((e) => e.type === 'NotificationDelivered' || e.type === 'NotificationFailed'),
    );
  const deliveryOf = (page: RecordedEvent) => {
    const d = page.data as { personId: string; contactMethodId: string };
    return deliveryIdOf(page.id, `person:${d.personId}/contact:${d.contactMethodId}`);
  };
  const ids = (): Methods => ({ hook: newId(), slack: newId(), mail: newId() });

  beforeAll(async () => {
    await receiver.start();
    comms = await startServiceApp({
      service: COMMS_SERVICE,
      module: CommsModule,
      clock,
      env: { COMMS_SIGNING_SECRET: SECRET, COMMS_CONTACT_WAIT_SECONDS: String(WAIT_SECONDS), COMMS_DELIVERY_BACKOFF_MS: '20', OUTBOUND_ALLOW_CIDRS: '127.0.0.0/8' },
    });
    ({ bus, store } = comms);
  });

  afterAll(async () => {
    await comms.close();
    await receiver.stop();
  });

  it('a page to a known webhook is the signed JSON page; the published outcome names the person and method, never the address', async () => {
    const personId = newId();
    const methods = ids();
    await publish(registered(personData(personId, { hook: `${receiver.url}/pager/a1`, slack: `${receiver.url}/slack/a1` }, methods)));
    const page = paged(personId, methods.hook, 'webhook');
    await publish(page);
    const outcome = await outcomeOf(deliveryOf(page));
    expect(outcome).toMatchObject({ type: 'NotificationDelivered', data: { kind: 'page', target: `person:${personId}/contact:${methods.hook}`, statusCode: 204 } });
    expect(JSON.stringify(outcome)).not.toContain(receiver.url);
    const [received] = receiver.on('/pager/a1');
    expect(JSON.parse(received.rawBody)).toEqual({
      type: 'page',
      incidentId: page.metadata.incidentId,
      pageId: (page.data as { pageId: string }).pageId,
      title: 'Checkout down',
      priority: 'P1',
      team: 'payments',
      responder: { name: 'alice' },
      escalationLevel: 1,
      // issue 14: the person's acknowledge link (acknowledge-links.int.spec.ts says more).
      links: {
        acknowledge: expect.stringMatching(/^http:\/\/localhost:\d+\/coordination\/links\/acknowledge\/[A-Za-z0-9_-]{96}$/),
        incident: expect.stringMatching(new RegExp(`^http://localhost:\\d+/coordination/incidents/${page.metadata.incidentId}$`)),
      },
    });
    expect(verifySignature(SECRET, received.rawBody, String(received.headers['linchpin-signature']), { now: clock.now() })).toBe(true);
  });

  it('a page to a Slack contact posts an incoming-webhook message (text and blocks)', async () => {
    const personId = newId();
    const methods = ids();
    await publish(registered(personData(personId, { hook: `${receiver.url}/pager/a2`, slack: `${receiver.url}/slack/a2` }, methods)));
    const page = paged(personId, methods.slack, 'slack');
    await publish(page);
    expect((await outcomeOf(deliveryOf(page))).type).toBe('NotificationDelivered');
    const body = JSON.parse(receiver.on('/slack/a2')[0].rawBody);
    expect(body.text).toContain('[P1] Checkout down');
    expect(body.text).toContain('alice');
    expect(body.blocks).toEqual([expect.objectContaining({ type: 'section' }), expect.objectContaining({ type: 'context' }), expect.objectContaining({ type: 'section' })]);
    expect(body.text).toContain('/coordination/links/acknowledge/');
    expect(receiver.on('/pager/a2')).toHaveLength(0);
  });

  it('a page to an email contact, SMTP_URL unset, fails at once, loudly: NotificationFailed "email is not configured: SMTP_URL is not set", one attempt', async () => {
    const personId = newId();
    const methods = ids();
    await publish(registered(personData(personId, { hook: `${receiver.url}/pager/a3`, slack: `${receiver.url}/slack/a3` }, methods)));
    const page = paged(personId, methods.mail, 'email');
    await publish(page);
    expect(await outcomeOf(deliveryOf(page))).toMatchObject({ type: 'NotificationFailed', data: { attempts: 1, error: 'email is not configured: SMTP_URL is not set', kind: 'page' } });
    // Recorded as a failed attempt too, so coordination moves the person on to their next contact method at once.
    expect((await store.readStream(`delivery-${deliveryOf(page)}`)).map((e) => e.type)).toEqual(['DeliveryAttemptFailed', 'NotificationFailed']);
    expect(receiver.received.filter((r) => r.path.endsWith('/a3'))).toHaveLength(0);
  });

  it('race: the page arrives before the person event: it waits (durably) and is delivered when the person event comes', async () => {
    const personId = newId();
    const methods = ids();
    const page = paged(personId, methods.hook, 'webhook');
    await publish(page);
    const deliveryId = deliveryOf(page);
    expect((await store.readStream(`deliveryRequest-${deliveryId}`)).map((e) => e.type)).toEqual(['DeliveryAwaitingContact', 'TimerScheduled']);
    expect(await store.readStream(`delivery-${deliveryId}`)).toHaveLength(0);

    await publish(registered(personData(personId, { hook: `${receiver.url}/pager/late`, slack: `${receiver.url}/slack/late` }, methods)));
    expect((await outcomeOf(deliveryId)).type).toBe('NotificationDelivered');
    expect(receiver.on('/pager/late')).toHaveLength(1);
    expect((await store.readStream(`deliveryRequest-${deliveryId}`)).map((e) => e.type)).toEqual(['DeliveryAwaitingContact', 'TimerScheduled', 'DeliveryRequested', 'TimerCancelled']);
    // A redelivered page finds its request settled: nothing more.
    await publish(page);
    expect(await store.readStream(`deliveryRequest-${deliveryId}`)).toHaveLength(4);
  });

  it('a person event that never comes: past COMMS_CONTACT_WAIT_SECONDS the page fails loudly with the reason, once', async () => {
    const personId = newId();
    const page = paged(personId, newId(), 'webhook');
    await publish(page);
    const deliveryId = deliveryOf(page);
    await eventually('the wait recorded', async () => ((await store.readStream(`deliveryRequest-${deliveryId}`)).length === 2 ? true : undefined));
    clock.advance((WAIT_SECONDS + 1) * 1000);
    const outcome = await outcomeOf(deliveryId);
    expect(outcome).toMatchObject({ type: 'NotificationFailed', data: { attempts: 1, kind: 'page' } });
    expect((outcome.data as { error: string }).error).toBe(`person ${personId} is unknown to comms: no person event from coordination within ${WAIT_SECONDS} s`);
    expect((await store.readStream(`deliveryRequest-${deliveryId}`)).map((e) => e.type)).toEqual(['DeliveryAwaitingContact', 'TimerScheduled', 'TimerFired', 'DeliveryRequested']);
  });

  it('PersonUpdated moves the address for later pages; an older revision arriving late changes nothing', async () => {
    const personId = newId();
    const methods = ids();
    const first = personData(personId, { hook: `${receiver.url}/pager/v1`, slack: `${receiver.url}/slack/v1` }, methods);
    const second = personData(personId, { hook: `${receiver.url}/pager/v2`, slack: `${receiver.url}/slack/v2` }, methods);
    await publish(updated(second, 1));
    await publish(registered(first));
    const page = paged(personId, methods.hook, 'webhook');
    await publish(page);
    expect((await outcomeOf(deliveryOf(page))).type).toBe('NotificationDelivered');
    expect(receiver.on('/pager/v2')).toHaveLength(1);
    expect(receiver.on('/pager/v1')).toHaveLength(0);
  });
});
