import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { InProcessBus, ManualClock, newId, RecordedEvent, topicOf } from '@linchpin/eventsourcing';
import { ActionItemOverdueV1, PersonRegisteredV1 } from '@linchpin/contracts';
import { eventually } from '@linchpin/testing';
import { ServiceApp, startServiceApp } from '@linchpin/service-testing';
import { CommsModule } from '../src/comms.module';
import { COMMS_SERVICE } from '../src/service';

/* Issue 16: review's ActionItemOverdue reaches the action item's owner on their contact method, once. */

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
  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}

let position = 70_000;

describe('action item reminders: review’s ActionItemOverdue to the owner (SQLite, in-process bus, a real receiver)', () => {
  const clock = new ManualClock('2026-03-06T00:00:05.000Z');
  const receiver = new Receiver();
  let comms: ServiceApp;
  let bus: InProcessBus;

  const recorded = (event: { metadata: object }, streamId: string): RecordedEvent =>
    ({ ...event, streamId, revision: 0, position: ++position, recordedAt: clock.now().toISOString() }) as unknown as RecordedEvent;
  const meta = (actor: string, incidentId?: string) => ({ ...(incidentId ? { incidentId } : {}), correlationId: incidentId ?? 'people', causationId: newId(), actor, occurredAt: clock.now().toISOString() });

  beforeAll(async () => {
    await receiver.start();
    comms = await startServiceApp({
      service: COMMS_SERVICE,
      module: CommsModule,
      clock,
      env: { COMMS_SIGNING_SECRET: 'reminder-signing-secret-for-tests', COMMS_DELIVERY_BACKOFF_MS: '20', OUTBOUND_ALLOW_CIDRS: '127.0.0.0/8' },
    });
    bus = comms.bus;
  });
  afterAll(async () => {
    await comms?.close();
    await receiver.stop();
  });

  const overdue = (incidentId: string, owner: string) =>
    recorded(
      ActionItemOverdueV1.create(newId(), { incidentId, actionItemId: newId(), title: 'Make the canary mandatory', owner, dueDate: '2026-03-05', dueAt: '2026-03-06T00:00:00.000Z' }, meta('system:review', incidentId)),
      `postmortem-${incidentId}`,
    );

  it('sends the owner an action-item-overdue message on their webhook, once however often the event arrives; a name as owner is nobody to send to', async () => {
    const personId = newId();
    const contactMethodId = newId();
    const person = PersonRegisteredV1.create(
      newId(),
      { personId, name: 'ann', timeZone: 'UTC', contactMethods: [{ id: contactMethodId, kind: 'webhook', address: `${receiver.url}/ann` }], notificationRules: [{ contactMethodId, afterMinutes: 0 }] },
      meta('admin'),
    );
    await bus.publish(topicOf('coordination'), [{ key: personId, event: recorded(person, `person-${personId}`) }]);

    const incidentId = newId();
    const reminder = overdue(incidentId, personId);
    await bus.publish(topicOf('review'), [{ key: incidentId, event: reminder }]);
    await bus.publish(topicOf('review'), [{ key: incidentId, event: reminder }]);
    await bus.publish(topicOf('review'), [{ key: incidentId, event: overdue(incidentId, 'the payments team') }]);

    const [message] = await eventually('the reminder at Ann’s webhook', async () => {
      const got = receiver.received.filter((r) => r.path === '/ann');
      return got.length > 0 ? got : undefined;
    });
    expect(message.body).toMatchObject({
      type: 'action-item-overdue',
      incidentId,
      actionItemId: (reminder.data as { actionItemId: string }).actionItemId,
      title: 'Make the canary mandatory',
      dueDate: '2026-03-05',
      dueAt: '2026-03-06T00:00:00.000Z',
      links: { incident: expect.stringContaining(incidentId) },
    });
    // Redelivered, the same reminder is the same delivery: nothing more is sent.
    const deliveries = (await comms.store.readAll()).filter((e) => e.type === 'DeliveryRequested');
    expect(deliveries).toHaveLength(1);
    expect(receiver.received.filter((r) => r.path === '/ann')).toHaveLength(1);
  });
});
