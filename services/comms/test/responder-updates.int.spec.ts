import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { RecordedEvent, newId, topicOf } from '@linchpin/eventsourcing';
import { PersonRegisteredV1, ResponderPagedV2 } from '@linchpin/contracts';
import { eventually } from '@linchpin/testing';
import { ServiceApp, startServiceApp } from '@linchpin/service-testing';
import { CommsModule } from '../src/comms.module';
import { deliveryIdOf } from '../src/domain/delivery';
import { COMMS_SERVICE } from '../src/service';

/* Issue 15: an update for the responders reaches every person paged for the incident, where they were paged. */

/** Responders' pagers and Slack webhooks, and a stakeholder's subscription: records every POST, answers 204. */
class Receiver {
  readonly received: { path: string; headers: IncomingHttpHeaders; body: Record<string, unknown> }[] = [];
  private server?: Server;
  url = '';
  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        this.received.push({ path: req.url ?? '/', headers: req.headers, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown> });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }
  updatesOn(path: string) {
    return this.received.filter((r) => r.path === path && (r.body.type === 'status-update' || String(r.body.text ?? '').includes('Incident update')));
  }
  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}

let position = 60000;
const meta = (incidentId?: string) => ({ ...(incidentId ? { incidentId } : {}), correlationId: incidentId ?? 'r', causationId: newId(), actor: 'api', occurredAt: new Date().toISOString() });
const recorded = <T extends { metadata: object }>(event: T, streamId: string, revision: number): RecordedEvent =>
  ({ ...event, streamId, revision, position: ++position, recordedAt: new Date().toISOString() }) as unknown as RecordedEvent;

describe('an update for the responders reaches every person paged for the incident, on the contact method they were paged on, once', () => {
  let comms: ServiceApp;
  const receiver = new Receiver();
  const publish = (event: RecordedEvent) => comms.bus.publish(topicOf('coordination'), [{ key: event.metadata.incidentId ?? event.streamId, event }]);
  const person = async (name: string, kind: 'webhook' | 'slack') => {
    const personId = newId();
    const methodId = newId();
    const data = { personId, name, timeZone: 'UTC', contactMethods: [{ id: methodId, kind, address: `${receiver.url}/${name}` }], notificationRules: [{ contactMethodId: methodId, afterMinutes: 0 }] };
    await publish(recorded(PersonRegisteredV1.create(newId(), data, meta()), `person-${personId}`, 0));
    return { personId, methodId, name, kind, path: `/${name}` };
  };
  const page = (incidentId: string, who: { personId: string; methodId: string; name: string; kind: 'webhook' | 'slack' }, revision: number) =>
    recorded(
      ResponderPagedV2.create(
        newId(),
        { incidentId, pageId: newId(), teamId: newId(), team: 'payments', personId: who.personId, responder: who.name, contactMethodId: who.methodId, contactKind: who.kind, priority: 'P1', title: 'Checkout down', escalationLevel: 1, reason: 'on call' },
        meta(incidentId),
      ),
      `response-${incidentId}`,
      revision,
    );
  const delivered = (deliveryId: string) =>
    eventually(`delivery ${deliveryId}`, async () => (await comms.store.readStream(`delivery-${deliveryId}`)).find((e) => e.type === 'NotificationDelivered'));
  /** Posts once comms knows the incident (it learns it from the page, over the bus). */
  const post = (incidentId: string, body: Record<string, unknown>) =>
    eventually(`an update posted on ${incidentId}`, async () => {
      const res = await comms.http().post(`/comms/incidents/${incidentId}/updates`).send(body);
      return res.status === 202 ? (res.body as { updateId: string }).updateId : undefined;
    });
  const postedEvent = async (incidentId: string, updateId: string) =>
    (await comms.store.readStream(`comms-${incidentId}`)).find((e) => e.type === 'StatusUpdatePosted' && (e.data as { updateId: string }).updateId === updateId)!;
  const requestsFor = async (updateId: string) =>
    (await comms.store.readAll({ filter: { streamPrefixes: ['deliveryRequest-'] } })).filter((e) => e.type === 'DeliveryRequested' && (e.data as { subjectId?: string }).subjectId === updateId);

  beforeAll(async () => {
    await receiver.start();
    comms = await startServiceApp({ service: COMMS_SERVICE, module: CommsModule, env: { COMMS_SIGNING_SECRET: 'page-signing-secret-for-tests', OUTBOUND_ALLOW_CIDRS: '127.0.0.0/8' } });
  });
  afterAll(async () => {
    await comms.close();
    await receiver.stop();
  });

  it('alice (paged twice, by webhook) and bob (by Slack) each get the responders update once; a stakeholder subscription and another incident\'s responder do not; a redelivery sends nothing more', async () => {
    const alice = await person('alice', 'webhook');
    const bob = await person('bob', 'slack');
    const incidentId = newId();
    const pages = [page(incidentId, alice, 0), page(incidentId, bob, 1), page(incidentId, alice, 2)];
    for (const p of pages) await publish(p);
    for (const p of pages) {
      const d = p.data as { personId: string; contactMethodId: string };
      await delivered(deliveryIdOf(p.id, `person:${d.personId}/contact:${d.contactMethodId}`));
    }
    const carol = await person('carol', 'webhook');
    const other = page(newId(), carol, 0);
    await publish(other);
    await delivered(deliveryIdOf(other.id, `person:${carol.personId}/contact:${carol.methodId}`));
    await comms.http().post('/comms/subscriptions').send({ webhookUrl: `${receiver.url}/stakeholders`, secret: 'stakeholder-secret-0123', incidentId }).expect(201);

    const updateId = await post(incidentId, { audience: 'responders', phase: 'identified', message: 'db-7 pool exhausted; failing over to db-8.', impact: 'major' });
    const update = await postedEvent(incidentId, updateId);
    for (const who of [alice, bob]) await delivered(deliveryIdOf(update.id, `person:${who.personId}/contact:${who.methodId}`));

    const [toAlice] = receiver.updatesOn('/alice');
    expect(toAlice.body).toMatchObject({
      type: 'status-update',
      incidentId,
      updateId,
      audience: 'responders',
      status: 'identified',
      message: 'db-7 pool exhausted; failing over to db-8.',
      impact: 'major',
      eta: null,
      postedAt: update.metadata.occurredAt,
    });
    expect(toAlice.headers['linchpin-delivery']).toBe(deliveryIdOf(update.id, `person:${alice.personId}/contact:${alice.methodId}`));
    // On Slack, the update as text with the incident's link.
    expect(String(receiver.updatesOn('/bob')[0].body.text)).toContain('Incident update (identified): db-7 pool exhausted; failing over to db-8.');
    expect(String(receiver.updatesOn('/bob')[0].body.text)).toContain(`/coordination/incidents/${incidentId}`);

    // The bus delivers the update again: nothing more is requested (requests are recorded before anything is sent).
    await comms.bus.publish(topicOf('comms'), [{ key: incidentId, event: update }]);
    // An internal update after it is the stakeholders', not the responders': once the subscription has it, the redelivery was handled too.
    const internalId = await post(incidentId, { audience: 'internal', phase: 'monitoring', message: 'A fix is in place.' });
    await eventually('the internal update at the subscription', () => receiver.updatesOn('/stakeholders').find((r) => r.body.updateId === internalId));

    const requests = await requestsFor(updateId);
    expect(requests.map((e) => (e.data as { target: string }).target).sort()).toEqual(
      [`person:${alice.personId}/contact:${alice.methodId}`, `person:${bob.personId}/contact:${bob.methodId}`].sort(),
    );
    expect(requests.map((e) => (e.data as { kind: string }).kind)).toEqual(['status-update', 'status-update']);
    expect(await requestsFor(internalId)).toEqual([expect.objectContaining({ data: expect.objectContaining({ target: expect.stringMatching(/^subscription:/) }) })]);
    expect(receiver.updatesOn('/alice')).toHaveLength(1);
    expect(receiver.updatesOn('/bob')).toHaveLength(1);
    expect(receiver.updatesOn('/carol')).toHaveLength(0);
    expect(receiver.updatesOn('/stakeholders').map((r) => r.body.updateId)).toEqual([internalId]);
  });
});
