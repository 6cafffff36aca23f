import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { InProcessBus, RecordedEvent, newId, topicOf } from '@linchpin/eventsourcing';
import { SqliteEventStore } from '@linchpin/eventstore-sqlite';
import { PersonRegisteredV2, PersonUpdatedV2, ResponderPagedV3 } from '@linchpin/contracts';
import { SignedLinks } from '@linchpin/platform';
import { eventually } from '@linchpin/testing';
import { ServiceApp, startServiceApp } from '@linchpin/service-testing';
import { CommsModule } from '../src/comms.module';
import { deliveryIdOf } from '../src/domain/delivery';
import { COMMS_SERVICE } from '../src/service';

/*
 * Issue 15: a person's contact method may be a Microsoft Teams webhook (PersonRegistered v2). A page to
 * it (ResponderPaged v3, contactKind teams) is one Adaptive Card message carrying the person's
 * acknowledge link, posted to the webhook.
 */

interface Received {
  path: string;
  contentType: string;
  rawBody: string;
}

/** A Teams incoming webhook (or Power Automate flow): records every POST, answers 202 as Power Automate does. */
class TeamsReceiver {
  readonly received: Received[] = [];
  private server?: Server;
  url = '';
  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        this.received.push({ path: req.url ?? '/', contentType: String(req.headers['content-type'] ?? ''), rawBody: Buffer.concat(chunks).toString('utf8') });
        res.writeHead(202).end();
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

interface AdaptiveCardMessage {
  type: string;
  attachments: { contentType: string; content: { type: string; version: string; body: { type: string; text?: string }[]; actions: { type: string; title: string; url: string }[] } }[];
}

const PUBLIC_URL = 'https://ops.example.com/linchpin';
const LINK_PREFIX = `${PUBLIC_URL}/coordination/links/acknowledge/`;
let position = 60_000;
const meta = (incidentId?: string) => ({ ...(incidentId ? { incidentId } : {}), correlationId: incidentId ?? 'r', causationId: newId(), actor: 'api', occurredAt: new Date().toISOString() });
const recorded = <T extends { metadata: object }>(event: T, streamId: string, revision = 0): RecordedEvent =>
  ({ ...event, streamId, revision, position: ++position, recordedAt: new Date().toISOString() }) as unknown as RecordedEvent;

describe('comms: a person paged on a Microsoft Teams contact method (SQLite + in-process bus + a real receiver)', () => {
  let comms: ServiceApp;
  let bus: InProcessBus;
  let store: SqliteEventStore;
  const receiver = new TeamsReceiver();
  const publish = (event: RecordedEvent) => bus.publish(topicOf('coordination'), [{ key: event.metadata.incidentId ?? event.streamId, event }]);
  const personData = (personId: string, contactMethodId: string, path: string) => ({
    personId,
    name: 'erin',
    timeZone: 'UTC',
    contactMethods: [{ id: contactMethodId, kind: 'teams' as const, address: `${receiver.url}${path}`, label: 'ops channel' }],
    notificationRules: [{ contactMethodId, afterMinutes: 0 }],
  });
  const page = (personId: string, contactMethodId: string) => {
    const incidentId = newId();
    const event = recorded(
      ResponderPagedV3.create(
        newId(),
        { incidentId, pageId: newId(), teamId: newId(), team: 'payments', personId, responder: 'erin', contactMethodId, contactKind: 'teams', priority: 'P1', title: 'Checkout down', escalationLevel: 1, reason: 'lowest onCallOrder' },
        meta(incidentId),
      ),
      `response-${incidentId}`,
    );
    return { incidentId, event, deliveryId: deliveryIdOf(event.id, `person:${personId}/contact:${contactMethodId}`) };
  };
  const outcomeOf = (deliveryId: string) =>
    eventually(`the outcome of ${deliveryId}`, async () =>
      (await store.readStream(`delivery-${deliveryId}`)).find((e) => e.type === 'NotificationDelivered' || e.type === 'NotificationFailed'),
    );

  beforeAll(async () => {
    await receiver.start();
    comms = await startServiceApp({
      service: COMMS_SERVICE,
      module: CommsModule,
      env: { LINCHPIN_PUBLIC_URL: `${PUBLIC_URL}/`, COMMS_SIGNING_SECRET: 'page-signing-secret-for-tests', COMMS_DELIVERY_BACKOFF_MS: '20', OUTBOUND_ALLOW_CIDRS: '127.0.0.0/8' },
    });
    ({ bus, store } = comms);
  });

  afterAll(async () => {
    await comms.close();
    await receiver.stop();
  });

  it('posts one Adaptive Card message to the Teams webhook, carrying the acknowledge link for that incident and person and the incident link', async () => {
    const personId = newId();
    const contactMethodId = newId();
    await publish(recorded(PersonRegisteredV2.create(newId(), personData(personId, contactMethodId, '/teams/erin'), meta()), `person-${personId}`));
    const { incidentId, event, deliveryId } = page(personId, contactMethodId);
    await publish(event);

    const outcome = await outcomeOf(deliveryId);
    expect(outcome).toMatchObject({ type: 'NotificationDelivered', data: { kind: 'page', target: `person:${personId}/contact:${contactMethodId}`, statusCode: 202 } });
    expect(JSON.stringify(outcome)).not.toContain(receiver.url);
    const [sent] = receiver.on('/teams/erin');
    expect(sent.contentType).toContain('application/json');
    const message = JSON.parse(sent.rawBody) as AdaptiveCardMessage;
    expect(message.type).toBe('message');
    expect(message.attachments).toHaveLength(1);
    const [{ contentType, content }] = message.attachments;
    expect(contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(content).toMatchObject({ type: 'AdaptiveCard', version: '1.4' });
    expect(content.body[0].text).toBe('[P1] Checkout down');
    expect(JSON.stringify(content.body)).toContain('erin, you are paged for team payments');

    const acknowledge = content.actions.find((a) => a.title === 'Acknowledge link')!;
    expect(acknowledge.type).toBe('Action.OpenUrl');
    expect(acknowledge.url.startsWith(LINK_PREFIX)).toBe(true);
    // The card says the link acknowledges by POST (opening it only previews), and the link is this person's for this incident.
    expect(JSON.stringify(content.body)).toContain(`Acknowledge: POST to ${acknowledge.url}`);
    expect(comms.app.get(SignedLinks).acknowledgeLinkOf(acknowledge.url.slice(LINK_PREFIX.length), new Date())).toMatchObject({ incidentId, personId });
    expect(content.actions).toContainEqual({ type: 'Action.OpenUrl', title: 'Open incident', url: `${PUBLIC_URL}/coordination/incidents/${incidentId}` });
    // The link is a credential: built when sent, never stored.
    expect(JSON.stringify(await store.readAll())).not.toContain(acknowledge.url);
  });

  it('a PersonUpdated v2 moves the Teams address for later pages', async () => {
    const personId = newId();
    const contactMethodId = newId();
    await publish(recorded(PersonRegisteredV2.create(newId(), personData(personId, contactMethodId, '/teams/old'), meta()), `person-${personId}`));
    await publish(recorded(PersonUpdatedV2.create(newId(), personData(personId, contactMethodId, '/teams/new'), meta()), `person-${personId}`, 1));
    const { event, deliveryId } = page(personId, contactMethodId);
    await publish(event);
    expect((await outcomeOf(deliveryId)).type).toBe('NotificationDelivered');
    expect(receiver.on('/teams/new')).toHaveLength(1);
    expect(receiver.on('/teams/old')).toHaveLength(0);
    const known = await store.readStream(`commsContact-${personId}`);
    expect(known.at(-1)?.data).toMatchObject({ contactMethods: [{ id: contactMethodId, kind: 'teams', address: `${receiver.url}/teams/new` }] });
  });
});
