import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { RecordedEvent, newId, topicOf } from '@linchpin/eventsourcing';
import { IncidentResolvedV1, PersonRegisteredV1, ResponderPagedV2 } from '@linchpin/contracts';
import { eventually } from '@linchpin/testing';
import { ServiceApp, startServiceApp } from '@linchpin/service-testing';
import { CommsModule } from '../src/comms.module';
import { deliveryIdOf } from '../src/domain/delivery';
import { COMMS_SERVICE } from '../src/service';

/** Pagers and Slack webhooks of the responders: records every POST, answers 204. */
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
  resolvedNoticesOn(path: string) {
    return this.received.filter((r) => r.path === path && (r.body.type === 'incident-resolved' || String(r.body.text ?? '').includes('Resolved')));
  }
  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}

let position = 40000;
const meta = (incidentId?: string) => ({ ...(incidentId ? { incidentId } : {}), correlationId: incidentId ?? 'r', causationId: newId(), actor: 'api', occurredAt: new Date().toISOString() });
const recorded = <T extends { metadata: object }>(event: T, streamId: string, revision: number): RecordedEvent =>
  ({ ...event, streamId, revision, position: ++position, recordedAt: new Date().toISOString() }) as unknown as RecordedEvent;

describe('responders are told their incident is resolved, on the contact method they were paged on, once', () => {
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

  beforeAll(async () => {
    await receiver.start();
    comms = await startServiceApp({ service: COMMS_SERVICE, module: CommsModule, env: { COMMS_SIGNING_SECRET: 'page-signing-secret-for-tests', OUTBOUND_ALLOW_CIDRS: '127.0.0.0/8' } });
  });
  afterAll(async () => {
    await comms.close();
    await receiver.stop();
  });

  it('alice (paged twice, by webhook) and bob (by Slack) each get one incident-resolved message; a redelivered resolution sends nothing more', async () => {
    const alice = await person('alice', 'webhook');
    const bob = await person('bob', 'slack');
    const incidentId = newId();
    const pages = [page(incidentId, alice, 0), page(incidentId, bob, 1), page(incidentId, alice, 2)];
    for (const p of pages) await publish(p);
    for (const p of pages) {
      const d = p.data as { personId: string; contactMethodId: string };
      await delivered(deliveryIdOf(p.id, `person:${d.personId}/contact:${d.contactMethodId}`));
    }
    // Another incident's responder hears nothing of this one.
    const carol = await person('carol', 'webhook');
    const other = page(newId(), carol, 0);
    await publish(other);

    const resolved = recorded(IncidentResolvedV1.create(newId(), { incidentId, by: 'person:alice' }, meta(incidentId)), `response-${incidentId}`, 3);
    await publish(resolved);
    for (const who of [alice, bob]) await delivered(deliveryIdOf(resolved.id, `person:${who.personId}/contact:${who.methodId}`));
    await publish(resolved); // the bus delivers it again
    const again = recorded(IncidentResolvedV1.create(newId(), { incidentId: newId(), by: 'admin' }, meta()), 'response-x', 0);
    await publish(again);

    const [toAlice] = receiver.resolvedNoticesOn('/alice');
    expect(receiver.resolvedNoticesOn('/alice')).toHaveLength(1);
    expect(toAlice.body).toMatchObject({ type: 'incident-resolved', incidentId, title: 'Checkout down', resolvedBy: 'person:alice', links: { incident: expect.stringContaining(`/coordination/incidents/${incidentId}`) } });
    expect(toAlice.headers['linchpin-delivery']).toBe(deliveryIdOf(resolved.id, `person:${alice.personId}/contact:${alice.methodId}`));
    expect(receiver.resolvedNoticesOn('/bob')).toHaveLength(1);
    expect(String(receiver.resolvedNoticesOn('/bob')[0].body.text)).toContain('Resolved: Checkout down (by person:alice)');
    expect(receiver.resolvedNoticesOn('/carol')).toHaveLength(0);
    const requests = (await comms.store.readAll({ filter: { streamPrefixes: ['deliveryRequest-'] } })).filter((e) => (e.data as { subjectId?: string }).subjectId === resolved.id);
    expect(requests).toHaveLength(2);
  });
});
