import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { InProcessBus, RecordedEvent, newId, topicOf } from '@linchpin/eventsourcing';
import { SqliteEventStore } from '@linchpin/eventstore-sqlite';
import { PersonRegisteredV1, ResponderPagedV2 } from '@linchpin/contracts';
import { SignedLinks } from '@linchpin/platform';
import { eventually } from '@linchpin/testing';
import { ServiceApp, startServiceApp } from '@linchpin/service-testing';
import { verifySignature } from '../src/application/webhook-signature';
import { CommsModule } from '../src/comms.module';
import { COMMS_SERVICE } from '../src/service';
import { responderPaged } from './support/responder-paged';

/*
 * Issue 14: every page comms delivers carries the paged person's acknowledge link, built from
 * LINCHPIN_PUBLIC_URL when the page is sent, never stored or published.
 */

interface Received {
  path: string;
  rawBody: string;
  signature: string;
}

/** A person's pager and Slack incoming webhook: records every POST; the first POST to `/flaky` answers 500. */
class Receiver {
  readonly received: Received[] = [];
  private server?: Server;
  private failedOnce = false;
  url = '';
  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        this.received.push({ path: req.url ?? '/', rawBody: Buffer.concat(chunks).toString('utf8'), signature: String(req.headers['linchpin-signature'] ?? '') });
        const fail = req.url === '/flaky' && !this.failedOnce;
        if (fail) this.failedOnce = true;
        res.writeHead(fail ? 500 : 204).end();
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
const PUBLIC_URL = 'https://ops.example.com/linchpin';
const LINK_PREFIX = `${PUBLIC_URL}/coordination/links/acknowledge/`;
const WEEK_MS = 7 * 24 * 3_600_000;
let position = 40_000;
const meta = (incidentId?: string) => ({ ...(incidentId ? { incidentId } : {}), correlationId: incidentId ?? 'r', causationId: newId(), actor: 'api', occurredAt: new Date().toISOString() });
const recorded = <T extends { metadata: object }>(event: T, streamId: string): RecordedEvent =>
  ({ ...event, streamId, revision: 0, position: ++position, recordedAt: new Date().toISOString() }) as unknown as RecordedEvent;

describe('comms: pages carry the acknowledge link (SQLite + in-process bus + a real receiver)', () => {
  let comms: ServiceApp;
  let bus: InProcessBus;
  let store: SqliteEventStore;
  const receiver = new Receiver();
  const publish = (event: RecordedEvent) => bus.publish(topicOf('coordination'), [{ key: event.metadata.incidentId ?? event.streamId, event }]);

  /** A person with a webhook at `/pager/<name>`, a Slack webhook at `/slack/<name>` and a flaky webhook at `/flaky`, known to comms. */
  const person = async (name: string) => {
    const personId = newId();
    const ids = { hook: newId(), slack: newId(), flaky: newId() };
    await publish(
      recorded(
        PersonRegisteredV1.create(
          newId(),
          {
            personId,
            name,
            timeZone: 'UTC',
            contactMethods: [
              { id: ids.hook, kind: 'webhook', address: `${receiver.url}/pager/${name}` },
              { id: ids.slack, kind: 'slack', address: `${receiver.url}/slack/${name}` },
              { id: ids.flaky, kind: 'webhook', address: `${receiver.url}/flaky` },
            ],
            notificationRules: [{ contactMethodId: ids.hook, afterMinutes: 0 }],
          },
          meta(),
        ),
        `person-${personId}`,
      ),
    );
    return { personId, ids };
  };
  const page = (personId: string, contactMethodId: string, contactKind: 'webhook' | 'slack') => {
    const incidentId = newId();
    const event = recorded(
      ResponderPagedV2.create(
        newId(),
        { incidentId, pageId: newId(), teamId: newId(), team: 'payments', personId, responder: 'alice', contactMethodId, contactKind, priority: 'P1', title: 'Checkout down', escalationLevel: 1, reason: 'lowest onCallOrder' },
        meta(incidentId),
      ),
      `response-${incidentId}`,
    );
    return { incidentId, event };
  };
  /** The person and incident a link names, read back as coordination reads it. */
  const readLink = (link: string) => comms.app.get(SignedLinks).acknowledgeLinkOf(link.slice(LINK_PREFIX.length), new Date());

  beforeAll(async () => {
    await receiver.start();
    comms = await startServiceApp({
      service: COMMS_SERVICE,
      module: CommsModule,
      env: { LINCHPIN_PUBLIC_URL: `${PUBLIC_URL}/`, COMMS_SIGNING_SECRET: SECRET, COMMS_DELIVERY_BACKOFF_MS: '20', OUTBOUND_ALLOW_CIDRS: '127.0.0.0/8' },
    });
    ({ bus, store } = comms);
  });

  afterAll(async () => {
    await comms.close();
    await receiver.stop();
  });

  it("puts links.acknowledge in a webhook page's signed JSON: LINCHPIN_PUBLIC_URL, coordination's route, a token for that incident and person", async () => {
    const { personId, ids } = await person('alice');
    const { incidentId, event } = page(personId, ids.hook, 'webhook');
    const before = Date.now();
    await publish(event);
    const sent = await eventually('the page to alice', async () => receiver.on('/pager/alice').find((r) => r.rawBody.includes(incidentId)));

    expect(verifySignature(SECRET, sent.rawBody, sent.signature, { now: new Date() })).toBe(true);
    const body = JSON.parse(sent.rawBody);
    expect(body).toMatchObject({ type: 'page', incidentId, responder: { name: 'alice' }, links: { acknowledge: expect.any(String) } });
    // Beside it, the incident's own page: <LINCHPIN_PUBLIC_URL>/coordination/incidents/<incidentId>.
    expect(body.links.incident).toBe(`${PUBLIC_URL}/coordination/incidents/${incidentId}`);
    const link: string = body.links.acknowledge;
    expect(link.startsWith(LINK_PREFIX)).toBe(true);
    expect(link.slice(LINK_PREFIX.length)).toMatch(/^[A-Za-z0-9_-]{96}$/);
    const { incidentId: linkedIncident, personId: linkedPerson, expiresAt } = readLink(link);
    expect([linkedIncident, linkedPerson]).toEqual([incidentId, personId]);
    // Valid a week from when the page was requested (the payload keeps whole seconds).
    expect(expiresAt.getTime()).toBeGreaterThanOrEqual(Math.floor((before + WEEK_MS) / 1000) * 1000);
    expect(expiresAt.getTime()).toBeLessThanOrEqual(Date.now() + WEEK_MS);
  });

  it("puts the link in a Slack page's text, for the person paged", async () => {
    const { personId, ids } = await person('bob');
    const { incidentId, event } = page(personId, ids.slack, 'slack');
    await publish(event);
    const sent = await eventually('the Slack page to bob', async () => receiver.on('/slack/bob')[0]);
    const body = JSON.parse(sent.rawBody) as { text: string; blocks: { text?: { text: string } }[] };
    const link = /Acknowledge \(POST\): (\S+)/.exec(body.text)?.[1];
    expect(link?.startsWith(LINK_PREFIX)).toBe(true);
    expect(readLink(link!)).toMatchObject({ incidentId, personId });
    expect(JSON.stringify(body.blocks)).toContain(link);
  });

  it('sends the same link on every attempt, and a page published before people (v1) carries one too', async () => {
    const { personId, ids } = await person('carol');
    const { incidentId, event } = page(personId, ids.flaky, 'webhook');
    await publish(event);
    const attempts = await eventually('two attempts at the flaky pager', async () => {
      const mine = receiver.on('/flaky').filter((r) => r.rawBody.includes(incidentId));
      return mine.length >= 2 ? mine : undefined;
    });
    expect(attempts[1].rawBody).toBe(attempts[0].rawBody);

    const legacy = responderPaged({ webhookUrl: `${receiver.url}/pager/legacy`, responder: 'dave' });
    await publish(legacy);
    const sent = await eventually('the v1 page', async () => receiver.on('/pager/legacy')[0]);
    const body = JSON.parse(sent.rawBody);
    expect(readLink(body.links.acknowledge)).toMatchObject({ incidentId: body.incidentId });
  });

  it('never stores or publishes a link: no event of the store holds one', async () => {
    const { personId, ids } = await person('erin');
    const { incidentId, event } = page(personId, ids.hook, 'webhook');
    await publish(event);
    const sent = await eventually('the page to erin', async () => receiver.on('/pager/erin')[0]);
    const token = JSON.parse(sent.rawBody).links.acknowledge.slice(LINK_PREFIX.length);
    await eventually('the recorded delivery', async () =>
      (await store.readAll()).find((e) => e.type === 'NotificationDelivered' && (e.data as { incidentId: string }).incidentId === incidentId),
    );
    const everything = JSON.stringify(await store.readAll());
    expect(everything).not.toContain(token);
    expect(everything).not.toContain('/coordination/links/acknowledge/');
  });
});
