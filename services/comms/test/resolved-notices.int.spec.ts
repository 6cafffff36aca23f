import { newId } from '@linchpin/eventsourcing';
import { IncidentResolvedV1 } from '@linchpin/contracts';
import { ServiceApp, startServiceApp } from '@linchpin/service-testing';
import { CommsModule } from '../src/comms.module';
import { deliveryIdOf } from '../src/domain/delivery';
import { COMMS_SERVICE } from '../src/service';
import { JsonReceiver } from './support/json-receiver';
import { meta, pagedPeople, recorded } from './support/paged-people';

describe('responders are told their incident is resolved, on the contact method they were paged on, once', () => {
  let comms: ServiceApp;
  const receiver = new JsonReceiver();
  const { publish, person, page, delivered } = pagedPeople(() => comms, () => receiver.url);
  const resolvedNoticesOn = (path: string) => receiver.on(path).filter((r) => (r.body.type === 'incident-resolved' || String(r.body.text ?? '').includes('Resolved')));

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

    const [toAlice] = resolvedNoticesOn('/alice');
    expect(resolvedNoticesOn('/alice')).toHaveLength(1);
    expect(toAlice.body).toMatchObject({ type: 'incident-resolved', incidentId, title: 'Checkout down', resolvedBy: 'person:alice', links: { incident: expect.stringContaining(`/coordination/incidents/${incidentId}`) } });
    expect(toAlice.headers['linchpin-delivery']).toBe(deliveryIdOf(resolved.id, `person:${alice.personId}/contact:${alice.methodId}`));
    expect(resolvedNoticesOn('/bob')).toHaveLength(1);
    expect(String(resolvedNoticesOn('/bob')[0].body.text)).toContain('Resolved: Checkout down (by person:alice)');
    expect(resolvedNoticesOn('/carol')).toHaveLength(0);
    const requests = (await comms.store.readAll({ filter: { streamPrefixes: ['deliveryRequest-'] } })).filter((e) => (e.data as { subjectId?: string }).subjectId === resolved.id);
    expect(requests).toHaveLength(2);
  });
});
