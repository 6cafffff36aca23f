import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { InProcessBus, ManualClock, newId, RecordedEvent, topicOf } from '@linchpin/eventsourcing';
import { ActionItemOverdueV1, PersonRegisteredV1 } from '@linchpin/contracts';
import { eventually } from '@linchpin/testing';
import { ServiceApp, startServiceApp } from '@linchpin/service-testing';
import { CommsModule } from '../src/comms.module';
import { COMMS_SERVICE } from '../src/service';

/* Issue 16: review's ActionItemOverdue reaches the action item's owner on their contact method, once. */

/** People's webhooks: records every POST body by path, answers 204 (500 on a path under `/down`). */
class Receiver {
  readonly received: { path: string; body: Record<string, unknown>; delivery: string; event: string }[] = [];
  private server?: Server;
  url = '';
  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const path = req.url ?? '/';
        this.received.push({ path, body: JSON.parse(Buffer.concat(chunks).toString('utf8')), delivery: String(req.headers['linchpin-delivery']), event: String(req.headers['linchpin-event']) });
        res.writeHead(path.startsWith('/down') ? 500 : 204).end();
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
      // Two attempts for a status update (and so for a reminder, which retries on the updates' schedule).
      env: { COMMS_SIGNING_SECRET: 'reminder-signing-secret-for-tests', COMMS_DELIVERY_BACKOFF_MS: '20', COMMS_UPDATE_RETRY_ATTEMPTS: '2', OUTBOUND_ALLOW_CIDRS: '127.0.0.0/8' },
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

  const register = async (name: string, path: string) => {
    const personId = newId();
    const contactMethodId = newId();
    const person = PersonRegisteredV1.create(
      newId(),
      { personId, name, timeZone: 'UTC', contactMethods: [{ id: contactMethodId, kind: 'webhook', address: `${receiver.url}${path}` }], notificationRules: [{ contactMethodId, afterMinutes: 0 }] },
      meta('admin'),
    );
    await bus.publish(topicOf('coordination'), [{ key: personId, event: recorded(person, `person-${personId}`) }]);
    return personId;
  };

  it('sends a reminder as a kind of its own (action-item-reminder): its header, its failed attempts, its dead letter; retried on the status updates’ schedule', async () => {
    const personId = await register('bob', '/down/bob');
    const incidentId = newId();
    await bus.publish(topicOf('review'), [{ key: incidentId, event: overdue(incidentId, personId) }]);
    const delivery = (type: string) => async () => {
      const found = (await comms.store.readAll()).filter((e) => e.type === type && e.metadata.incidentId === incidentId);
      return found.length > 0 ? found : undefined;
    };
    const [first] = await eventually('the first attempt failed', delivery('DeliveryAttemptFailed'));
    expect(first).toMatchObject({ schemaVersion: 3, data: { kind: 'action-item-reminder', attempt: 1, statusCode: 500, nextAttemptAt: expect.any(String) } });
    clock.advance(1000);
    const [failed] = await eventually('failed for good after the updates’ two attempts', delivery('NotificationFailed'));
    expect(failed).toMatchObject({ schemaVersion: 2, data: { kind: 'action-item-reminder', attempts: 2, target: expect.stringMatching(`^person:${personId}/contact:`) } });
    expect(receiver.received.filter((r) => r.path === '/down/bob').map((r) => r.event)).toEqual(['action-item-reminder', 'action-item-reminder']);
    const letters = await comms.http().get('/comms/dead-letters').expect(200);
    expect(letters.body.items.find((l: { deliveryId: string }) => l.deliveryId === (failed.data as { deliveryId: string }).deliveryId)).toMatchObject({ kind: 'action-item-reminder', state: 'failed', outcome: 'failed' });
  });

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
    const deliveries = (await comms.store.readAll()).filter((e) => e.type === 'DeliveryRequested' && e.metadata.incidentId === incidentId);
    expect(deliveries).toHaveLength(1);
    expect(receiver.received.filter((r) => r.path === '/ann')).toHaveLength(1);
  });
});
