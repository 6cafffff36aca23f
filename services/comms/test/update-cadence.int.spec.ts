import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventStore, InProcessBus, ManualClock, newId, RecordedEvent, topicOf } from '@linchpin/eventsourcing';
import { IncidentReopenedV1, IncidentResolvedV1, IncidentRoleAssignedV1, PersonRegisteredV1, ResponderPagedV2 } from '@linchpin/contracts';
import { eventually } from '@linchpin/testing';
import { ServiceApp, startServiceApp } from '@linchpin/service-testing';
import { CommsModule } from '../src/comms.module';
import { COMMS_SERVICE } from '../src/service';
import { UpdateCadenceTimers } from '../src/application/cadence/update-cadence.timers';
import { deliveryIdOf } from '../src/domain/delivery';

/* Issue 15, item 5: a missed update cadence raises UpdateOverdue to the communications lead, else the commander. */

/** People's webhooks: records every POST body by path, answers 204. */
class Receiver {
  readonly received: { path: string; body: Record<string, unknown>; delivery: string }[] = [];
  private server?: Server;
  url = '';
  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        this.received.push({ path: req.url ?? '/', body: JSON.parse(Buffer.concat(chunks).toString('utf8')), delivery: String(req.headers['linchpin-delivery']) });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }
  overdues(path: string) {
    return this.received.filter((r) => r.path === path && r.body.type === 'update-overdue');
  }
  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}

const MINUTE = 60_000;
const env = { COMMS_SIGNING_SECRET: 'cadence-signing-secret-for-tests', COMMS_DELIVERY_BACKOFF_MS: '20', OUTBOUND_ALLOW_CIDRS: '127.0.0.0/8' };
let position = 50_000;

describe('update cadence: a P1 that goes 30 minutes without a status update (SQLite, in-process bus, ManualClock, real receivers)', () => {
  const clock = new ManualClock('2026-03-01T09:00:00.000Z');
  const receiver = new Receiver();
  let comms: ServiceApp;
  let store: EventStore;
  let bus: InProcessBus;

  const recorded = (event: { metadata: object }, streamId: string, revision = 0): RecordedEvent =>
    ({ ...event, streamId, revision, position: ++position, recordedAt: clock.now().toISOString() }) as unknown as RecordedEvent;
  const meta = (incidentId?: string) => ({ ...(incidentId ? { incidentId } : {}), correlationId: incidentId ?? 'people', causationId: newId(), actor: 'system:coordination', occurredAt: clock.now().toISOString() });
  const fromCoordination = (event: RecordedEvent) => bus.publish(topicOf('coordination'), [{ key: event.metadata.incidentId ?? event.streamId, event }]);

  /** A person with one webhook contact at `<receiver>/<path>`. */
  const person = async (path: string): Promise<string> => {
    const personId = newId();
    const contactMethodId = newId();
    await fromCoordination(
      recorded(
        PersonRegisteredV1.create(
          newId(),
          { personId, name: path, timeZone: 'UTC', contactMethods: [{ id: contactMethodId, kind: 'webhook', address: `${receiver.url}/${path}` }], notificationRules: [{ contactMethodId, afterMinutes: 0 }] },
          meta(),
        ),
        `person-${personId}`,
      ),
    );
    return personId;
  };

  /** A P1 opened now: coordination pages its responder (who is not the one told of overdue updates). */
  const p1 = async (): Promise<string> => {
    const incidentId = newId();
    const responder = await person(`pager-${incidentId}`);
    const data = { incidentId, pageId: newId(), teamId: newId(), team: 'payments', personId: responder, responder: 'responder', contactMethodId: newId(), contactKind: 'webhook' as const, priority: 'P1' as const, title: 'Checkout down', escalationLevel: 1, reason: 'on call' };
    await fromCoordination(recorded(ResponderPagedV2.create(newId(), data, meta(incidentId)), `response-${incidentId}`));
    await dueAt(incidentId);
    return incidentId;
  };
  const assign = (incidentId: string, role: 'communications-lead' | 'commander', personId: string, revision: number) =>
    fromCoordination(recorded(IncidentRoleAssignedV1.create(newId(), { incidentId, role, personId, name: role, by: 'incident manager' }, meta(incidentId)), `response-${incidentId}`, revision));

  /** The pending deadline of the incident's next update. */
  const pendingDue = async (incidentId: string): Promise<string | undefined> => {
    const events = await store.readStream(`commsUpdateCadence-${incidentId}`);
    const pending = new Map<string, string>();
    for (const e of events) {
      const d = e.data as { timerId: string; dueAt: string };
      if (e.type === 'TimerScheduled') pending.set(d.timerId, d.dueAt);
      if (e.type === 'TimerFired' || e.type === 'TimerCancelled') pending.delete(d.timerId);
    }
    return [...pending.values()][0];
  };
  const dueAt = (incidentId: string, expected?: string) =>
    eventually(`the update deadline of ${incidentId}${expected ? ` at ${expected}` : ''}`, async () => {
      const due = await pendingDue(incidentId);
      return due !== undefined && (expected === undefined || due === expected) ? due : undefined;
    });
  const overdues = async (incidentId: string) => (await store.readStream(`updateOverdue-${incidentId}`)).filter((e) => e.type === 'UpdateOverdue');
  const overdueNumber = (incidentId: string, n: number) =>
    eventually(`UpdateOverdue #${n} of ${incidentId}`, async () => {
      const all = await overdues(incidentId);
      return all.length >= n ? all[n - 1] : undefined;
    });
  const plus = (iso: string, minutes: number) => new Date(Date.parse(iso) + minutes * MINUTE).toISOString();

  beforeAll(async () => {
    await receiver.start();
    comms = await startServiceApp({ service: COMMS_SERVICE, module: CommsModule, clock, env });
    ({ store, bus } = comms);
  });

  afterAll(async () => {
    await comms.close();
    await receiver.stop();
  });

  it('no update for 30 minutes: UpdateOverdue names the communications lead, whose webhook gets the update-overdue message; again 30 minutes later', async () => {
    const lead = await person('lead-1');
    const openedAt = clock.now().toISOString();
    const incidentId = await p1();
    await assign(incidentId, 'communications-lead', lead, 1);
    await eventually('the lead known', async () => ((await store.readStream(`commsUpdateCadence-${incidentId}`)).some((e) => JSON.stringify(e.data).includes(lead)) ? true : undefined));
    expect(await dueAt(incidentId)).toBe(plus(openedAt, 30));
    const view = await comms.http().get(`/comms/incidents/${incidentId}/update-cadence`).expect(200);
    expect(view.body).toEqual({
      incidentId,
      status: 'open',
      priority: 'P1',
      cadenceMinutes: 30,
      cadenceVersion: 1,
      openedAt,
      lastUpdateAt: null,
      nextUpdateDueAt: plus(openedAt, 30),
      notifies: { personId: lead, role: 'communications-lead' },
    });

    clock.advance(30 * MINUTE);
    const overdue = await overdueNumber(incidentId, 1);
    expect(overdue.data).toEqual({
      incidentId,
      priority: 'P1',
      cadenceMinutes: 30,
      cadenceVersion: 1,
      lastUpdateAt: null,
      dueAt: plus(openedAt, 30),
      notified: { personId: lead, role: 'communications-lead' },
    });
    const message = await eventually('the lead notified', () => receiver.overdues('/lead-1')[0]);
    expect(message.body).toMatchObject({ type: 'update-overdue', incidentId, priority: 'P1', cadenceMinutes: 30, role: 'communications-lead', links: { incident: expect.stringContaining(`/coordination/incidents/${incidentId}`) } });

    // Overdue again every cadence until an update is posted.
    expect(await dueAt(incidentId, plus(openedAt, 60))).toBe(plus(openedAt, 60));
    clock.advance(30 * MINUTE);
    expect((await overdueNumber(incidentId, 2)).data).toMatchObject({ dueAt: plus(openedAt, 60) });
    await eventually('the second message', () => (receiver.overdues('/lead-1').length === 2 ? true : undefined));
  });

  it('an update posted at 20 minutes pushes the deadline to 50; resolved, the deadline is gone', async () => {
    const lead = await person('lead-2');
    const openedAt = clock.now().toISOString();
    const incidentId = await p1();
    await assign(incidentId, 'communications-lead', lead, 1);

    clock.advance(20 * MINUTE);
    await comms.http().post(`/comms/incidents/${incidentId}/updates`).send({ status: 'investigating', message: 'We are looking into it' }).expect(202);
    await dueAt(incidentId, plus(openedAt, 50));
    clock.advance(30 * MINUTE);
    expect((await overdueNumber(incidentId, 1)).data).toMatchObject({ lastUpdateAt: plus(openedAt, 20), dueAt: plus(openedAt, 50), notified: { personId: lead } });

    await fromCoordination(recorded(IncidentResolvedV1.create(newId(), { incidentId, by: 'alice' }, meta(incidentId)), `response-${incidentId}`, 2));
    await eventually('the deadline cancelled', async () => ((await store.readStream(`commsUpdateCadence-${incidentId}`)).some((e) => e.type === 'TimerCancelled') ? true : undefined));
    expect(await pendingDue(incidentId)).toBeUndefined();
    clock.advance(120 * MINUTE);
    await comms.app.get(UpdateCadenceTimers).driver.tick();
    expect(await overdues(incidentId)).toHaveLength(1);
  });

  it('no communications lead: the commander is notified', async () => {
    const commander = await person('commander-3');
    const incidentId = await p1();
    await assign(incidentId, 'commander', commander, 1);
    await eventually('the commander known', async () => ((await store.readStream(`commsUpdateCadence-${incidentId}`)).some((e) => JSON.stringify(e.data).includes(commander)) ? true : undefined));
    clock.advance(30 * MINUTE);
    expect((await overdueNumber(incidentId, 1)).data).toMatchObject({ notified: { personId: commander, role: 'commander' } });
    expect((await eventually('the commander notified', () => receiver.overdues('/commander-3')[0])).body).toMatchObject({ incidentId, role: 'commander' });
  });

  it('neither a lead nor a commander: UpdateOverdue says nobody was notified, and why', async () => {
    const incidentId = await p1();
    clock.advance(30 * MINUTE);
    expect((await overdueNumber(incidentId, 1)).data).toMatchObject({ notified: null, reason: 'the incident has neither a communications lead nor a commander' });
  });

  it('resolved, then reopened: updates are owed again, the next a cadence after the reopening under the policy then in force; a redelivered reopening arms nothing more', async () => {
    const lead = await person('lead-5');
    const incidentId = await p1();
    await assign(incidentId, 'communications-lead', lead, 1);
    await eventually('the lead known', async () => ((await store.readStream(`commsUpdateCadence-${incidentId}`)).some((e) => JSON.stringify(e.data).includes(lead)) ? true : undefined));
    clock.advance(10 * MINUTE);
    const resolvedAt = clock.now().toISOString();
    await fromCoordination(recorded(IncidentResolvedV1.create(newId(), { incidentId, by: 'alice' }, meta(incidentId)), `response-${incidentId}`, 2));
    await eventually('the deadline cancelled', async () => ((await store.readStream(`commsUpdateCadence-${incidentId}`)).some((e) => e.type === 'TimerCancelled') ? true : undefined));

    // While it is resolved, an admin tightens P1 to 15 minutes: the reopened incident runs under that version.
    const before = (await comms.http().get('/comms/update-cadence').expect(200)).body as { cadence: Record<string, number | null> };
    const tightened = (await comms.http().put('/comms/update-cadence').send({ cadence: { ...before.cadence, P1: 15 }, reason: 'tighter P1' }).expect(200)).body as { version: number };
    try {
      clock.advance(30 * MINUTE);
      const reopenedAt = clock.now().toISOString();
      const reopened = recorded(
        IncidentReopenedV1.create(newId(), { incidentId, by: 'alice', reason: 'errors are back', status: 'acknowledged', resolvedAt, escalationRestarted: false }, meta(incidentId)),
        `response-${incidentId}`,
        3,
      );
      await fromCoordination(reopened);
      expect(await dueAt(incidentId, plus(reopenedAt, 15))).toBe(plus(reopenedAt, 15));
      const view = await comms.http().get(`/comms/incidents/${incidentId}/update-cadence`).expect(200);
      expect(view.body).toMatchObject({ status: 'open', priority: 'P1', cadenceMinutes: 15, cadenceVersion: tightened.version, nextUpdateDueAt: plus(reopenedAt, 15) });

      // The bus delivers the reopening again; the commander assigned after it is recorded once that redelivery was handled.
      await fromCoordination(reopened);
      await assign(incidentId, 'commander', lead, 4);
      await eventually('the commander known', async () => ((await store.readStream(`commsUpdateCadence-${incidentId}`)).some((e) => JSON.stringify(e.data).includes('"commander"')) ? true : undefined));
      const stream = await store.readStream(`commsUpdateCadence-${incidentId}`);
      expect(stream.filter((e) => e.type === 'TimerScheduled')).toHaveLength(2);
      expect(stream.filter((e) => JSON.stringify(e.data).includes('"reopened"'))).toHaveLength(1);

      clock.advance(15 * MINUTE);
      expect((await overdueNumber(incidentId, 1)).data).toMatchObject({ cadenceMinutes: 15, cadenceVersion: tightened.version, dueAt: plus(reopenedAt, 15), notified: { personId: lead, role: 'communications-lead' } });
      await eventually('the lead notified', () => receiver.overdues('/lead-5')[0]);
      expect(await overdues(incidentId)).toHaveLength(1);
    } finally {
      await comms.http().put('/comms/update-cadence').send({ cadence: before.cadence, reason: 'back as it was' }).expect(200);
    }
  });
});

describe('update cadence across a restart (one SQLite file, two processes in turn)', () => {
  const receiver = new Receiver();
  let dir: string;

  beforeAll(async () => {
    await receiver.start();
    dir = mkdtempSync(join(tmpdir(), 'comms-cadence-'));
  });

  afterAll(async () => {
    await receiver.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a deadline that passed while comms was down fires once after the restart: one UpdateOverdue, one message', async () => {
    const clock = new ManualClock('2026-03-02T09:00:00.000Z');
    const sqlitePath = join(dir, 'events.db');
    const at = () => ({ occurredAt: clock.now().toISOString(), recordedAt: clock.now().toISOString() });
    const incidentId = newId();
    const lead = newId();
    const hook = newId();
    const events: RecordedEvent[] = [
      { ...PersonRegisteredV1.create(newId(), { personId: lead, name: 'lead', timeZone: 'UTC', contactMethods: [{ id: hook, kind: 'webhook', address: `${receiver.url}/lead` }], notificationRules: [{ contactMethodId: hook, afterMinutes: 0 }] }, { correlationId: 'p', causationId: 'p', actor: 'system:coordination', occurredAt: at().occurredAt }), streamId: `person-${lead}`, revision: 0, position: 1, recordedAt: at().recordedAt } as unknown as RecordedEvent,
      { ...ResponderPagedV2.create(newId(), { incidentId, pageId: newId(), teamId: newId(), team: 'payments', personId: lead, responder: 'lead', contactMethodId: hook, contactKind: 'webhook', priority: 'P1', title: 'Checkout down', escalationLevel: 1, reason: 'on call' }, { incidentId, correlationId: incidentId, causationId: 'c', actor: 'system:coordination', occurredAt: at().occurredAt }), streamId: `response-${incidentId}`, revision: 0, position: 2, recordedAt: at().recordedAt } as unknown as RecordedEvent,
      { ...IncidentRoleAssignedV1.create(newId(), { incidentId, role: 'communications-lead', personId: lead, name: 'lead', by: 'im' }, { incidentId, correlationId: incidentId, causationId: 'c', actor: 'system:coordination', occurredAt: at().occurredAt }), streamId: `response-${incidentId}`, revision: 1, position: 3, recordedAt: at().recordedAt } as unknown as RecordedEvent,
    ];

    const first = await startServiceApp({ service: COMMS_SERVICE, module: CommsModule, clock, env, sqlitePath });
    for (const event of events) await first.bus.publish(topicOf('coordination'), [{ key: event.metadata.incidentId ?? event.streamId, event }]);
    await eventually('the deadline and the lead recorded', async () => {
      const stream = await first.store.readStream(`commsUpdateCadence-${incidentId}`);
      return stream.some((e) => e.type === 'TimerScheduled') && stream.some((e) => JSON.stringify(e.data).includes('communications-lead')) ? true : undefined;
    });
    await first.close();

    clock.advance(31 * MINUTE);
    const second = await startServiceApp({ service: COMMS_SERVICE, module: CommsModule, clock, env, sqlitePath });
    try {
      const overdue = await eventually('UpdateOverdue after the restart', async () => (await second.store.readStream(`updateOverdue-${incidentId}`))[0]);
      expect(overdue.data).toMatchObject({ incidentId, notified: { personId: lead, role: 'communications-lead' } });
      await eventually('the lead notified', () => receiver.overdues('/lead')[0]);
      // Firing again (another pass, a second replica) records nothing more.
      await second.app.get(UpdateCadenceTimers).driver.tick();
      expect(await second.store.readStream(`updateOverdue-${incidentId}`)).toHaveLength(1);
      const fired = (await second.store.readStream(`commsUpdateCadence-${incidentId}`)).filter((e) => e.type === 'TimerFired');
      expect(fired).toHaveLength(1);
      const deliveryId = deliveryIdOf(overdue.id, `person:${lead}/contact:${hook}`);
      const outcome = await eventually('the message outcome', async () => (await second.store.readStream(`delivery-${deliveryId}`)).find((e) => e.type === 'NotificationDelivered'));
      expect(outcome.data).toMatchObject({ kind: 'status-update', subjectId: overdue.id, target: `person:${lead}/contact:${hook}` });
      expect(receiver.overdues('/lead')).toHaveLength(1);
    } finally {
      await second.close();
    }
  }, 30_000);
});
