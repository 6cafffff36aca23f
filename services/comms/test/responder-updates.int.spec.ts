import { newId, topicOf } from '@linchpin/eventsourcing';
import { eventually } from '@linchpin/testing';
import { ServiceApp, startServiceApp } from '@linchpin/service-testing';
import { CommsModule } from '../src/comms.module';
import { deliveryIdOf } from '../src/domain/delivery';
import { COMMS_SERVICE } from '../src/service';
import { JsonReceiver } from './support/json-receiver';
import { pagedPeople } from './support/paged-people';

/* Issue 15: an update for the responders reaches every person paged for the incident, where they were paged. */

describe('an update for the responders reaches every person paged for the incident, on the contact method they were paged on, once', () => {
  let comms: ServiceApp;
  const receiver = new JsonReceiver();
  const { publish, person, page, delivered } = pagedPeople(() => comms, () => receiver.url);
  const updatesOn = (path: string) => receiver.on(path).filter((r) => (r.body.type === 'status-update' || String(r.body.text ?? '').includes('Incident update')));
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

    const [toAlice] = updatesOn('/alice');
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
    expect(String(updatesOn('/bob')[0].body.text)).toContain('Incident update (identified): db-7 pool exhausted; failing over to db-8.');
    expect(String(updatesOn('/bob')[0].body.text)).toContain(`/coordination/incidents/${incidentId}`);

    // The bus delivers the update again: nothing more is requested (requests are recorded before anything is sent).
    await comms.bus.publish(topicOf('comms'), [{ key: incidentId, event: update }]);
    // An internal update after it is the stakeholders', not the responders': once the subscription has it, the redelivery was handled too.
    const internalId = await post(incidentId, { audience: 'internal', phase: 'monitoring', message: 'A fix is in place.' });
    await eventually('the internal update at the subscription', () => updatesOn('/stakeholders').find((r) => r.body.updateId === internalId));

    const requests = await requestsFor(updateId);
    expect(requests.map((e) => (e.data as { target: string }).target).sort()).toEqual(
      [`person:${alice.personId}/contact:${alice.methodId}`, `person:${bob.personId}/contact:${bob.methodId}`].sort(),
    );
    expect(requests.map((e) => (e.data as { kind: string }).kind)).toEqual(['status-update', 'status-update']);
    expect(await requestsFor(internalId)).toEqual([expect.objectContaining({ data: expect.objectContaining({ target: expect.stringMatching(/^subscription:/) }) })]);
    expect(updatesOn('/alice')).toHaveLength(1);
    expect(updatesOn('/bob')).toHaveLength(1);
    expect(updatesOn('/carol')).toHaveLength(0);
    expect(updatesOn('/stakeholders').map((r) => r.body.updateId)).toEqual([internalId]);
  });
});
