import { AddressInfo, createServer } from 'node:net';
import { EventStore, InProcessBus, MovableClock, RecordedEvent, newId, topicOf } from '@linchpin/eventsourcing';
import { PersonRegisteredV1, ResponderPagedV2 } from '@linchpin/contracts';
import { eventually } from '@linchpin/testing';
import { ServiceApp, startServiceApp } from '@linchpin/service-testing';
import { CommsModule } from '../src/comms.module';
import { MailServer } from './support/mail-server';
import { deliveryIdOf } from '../src/domain/delivery';
import { COMMS_SERVICE } from '../src/service';
import { EMAIL_NOT_CONFIGURED, emailChannel } from '../src/channels/email';
import { PageMessage } from '../src/channels';

/** A port nothing listens on: bound, then released. */
async function deadPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

const FROM = 'Linchpin <pager@linchpin.test>';
const page: PageMessage = {
  type: 'page',
  incidentId: 'a3f7c1de-0000-4000-8000-000000000001',
  pageId: 'p-1',
  title: 'Checkout <down> & slow',
  priority: 'P1',
  team: 'payments',
  responder: { name: 'alice' },
  escalationLevel: 1,
  links: { incident: 'https://ops.example.com/coordination/incidents/a3f7c1de', acknowledge: 'https://ops.example.com/coordination/links/acknowledge/t0k3n' },
};

describe('email channel against a real SMTP server (smtp-server, parsed with mailparser)', () => {
  const smtp = new MailServer();
  beforeAll(() => smtp.start());
  afterAll(() => smtp.stop());

  it('sends the page as text and HTML, with both links, the delivery header, from SMTP_FROM, authenticated with the URL credentials', async () => {
    const channel = emailChannel({ smtpUrl: smtp.url, smtpFrom: FROM, timeoutMs: 5000 });
    const result = await channel.send('mailto:alice@example.com', channel.render(page), { deliveryId: 'd-1', event: 'page', secret: 'unused' });
    expect(result).toMatchObject({ ok: true, status: 250 });
    const [{ mail, envelope, user }] = smtp.to('alice@example.com');
    expect(user).toBe('linchpin');
    expect(envelope.mailFrom && envelope.mailFrom.address).toBe('pager@linchpin.test');
    expect(mail.from?.value).toEqual([{ name: 'Linchpin', address: 'pager@linchpin.test' }]);
    expect(mail.subject).toBe('[P1] Checkout <down> & slow: you are paged');
    expect(mail.headers.get('x-linchpin-delivery')).toBe('d-1');
    expect(mail.headers.get('x-linchpin-event')).toBe('page');
    expect(mail.messageId).toBe('<d-1@linchpin>');
    expect(mail.text).toContain('alice, you are paged for team payments');
    expect(mail.text).toContain(page.links.acknowledge);
    expect(mail.text).toContain(page.links.incident);
    const html = String(mail.html);
    expect(html).toContain('Checkout &lt;down&gt; &amp; slow');
    expect(html).not.toContain('<down>');
    expect(html).toContain(`action="${page.links.acknowledge}"`);
    expect(html).toContain(`href="${page.links.incident}"`);
  });

  it('a dead SMTP server is a failure with its real cause, to be retried', async () => {
    const port = await deadPort();
    const channel = emailChannel({ smtpUrl: `smtp://linchpin:s3cret@127.0.0.1:${port}`, smtpFrom: FROM, timeoutMs: 5000 });
    const result = await channel.send('alice@example.com', channel.render(page), { deliveryId: 'd-2', event: 'page', secret: 'unused' });
    expect(result.ok).toBe(false);
    expect(result.final).toBeUndefined();
    expect(result.cause).toContain(`could not send mail through 127.0.0.1:${port}`);
    expect(result.cause).toContain('ECONNREFUSED');
    expect(result.cause).not.toContain('s3cret');
  });

  it('wrong credentials are refused with the server\'s answer, final (retrying cannot help)', async () => {
    const channel = emailChannel({ smtpUrl: smtp.url.replace('s3cret', 'wrong'), smtpFrom: FROM, timeoutMs: 5000 });
    const result = await channel.send('bob@example.com', channel.render(page), { deliveryId: 'd-3', event: 'page', secret: 'unused' });
    expect(result).toMatchObject({ ok: false, final: true });
    expect(result.cause).toContain('Invalid username or password');
    expect(result.cause).not.toContain('wrong');
    expect(smtp.to('bob@example.com')).toHaveLength(0);
  });

  it('without SMTP_URL the channel is off: a final failure saying so, nothing sent', async () => {
    const channel = emailChannel({ smtpFrom: FROM, timeoutMs: 5000 });
    expect(await channel.send('carol@example.com', channel.render(page), { deliveryId: 'd-4', event: 'page', secret: 'unused' })).toEqual({
      ok: false,
      latencyMs: 0,
      cause: EMAIL_NOT_CONFIGURED,
      final: true,
    });
  });
});

describe('a page to an email contact through comms (SQLite + in-process bus + a real SMTP server)', () => {
  const smtp = new MailServer();
  const clock = new MovableClock();
  let comms: ServiceApp;
  let bus: InProcessBus;
  let store: EventStore;
  let position = 40000;
  const meta = (incidentId?: string) => ({ ...(incidentId ? { incidentId } : {}), correlationId: incidentId ?? 'r', causationId: newId(), actor: 'api', occurredAt: clock.now().toISOString() });
  const recorded = <T extends { metadata: object }>(event: T, streamId: string): RecordedEvent =>
    ({ ...event, streamId, revision: 0, position: ++position, recordedAt: clock.now().toISOString() }) as unknown as RecordedEvent;
  const publish = (event: RecordedEvent) => bus.publish(topicOf('coordination'), [{ key: event.metadata.incidentId ?? event.streamId, event }]);

  beforeAll(async () => {
    await smtp.start();
    comms = await startServiceApp({
      service: COMMS_SERVICE,
      module: CommsModule,
      clock,
      env: { COMMS_SIGNING_SECRET: 'page-signing-secret-for-tests', SMTP_URL: smtp.url, SMTP_FROM: FROM, LINCHPIN_PUBLIC_URL: 'https://ops.example.com' },
    });
    ({ bus, store } = comms);
  });
  afterAll(async () => {
    await comms.close();
    await smtp.stop();
  });

  it('arrives as an email with the acknowledge and incident links; NotificationDelivered records the SMTP reply 250', async () => {
    const personId = newId();
    const mail = newId();
    await publish(
      recorded(
        PersonRegisteredV1.create(
          newId(),
          { personId, name: 'dana', timeZone: 'Europe/Paris', contactMethods: [{ id: mail, kind: 'email', address: 'dana@example.com' }], notificationRules: [{ contactMethodId: mail, afterMinutes: 0 }] },
          meta(),
        ),
        `person-${personId}`,
      ),
    );
    const incidentId = newId();
    const pageEvent = recorded(
      ResponderPagedV2.create(
        newId(),
        { incidentId, pageId: newId(), teamId: newId(), team: 'payments', personId, responder: 'dana', contactMethodId: mail, contactKind: 'email', priority: 'P2', title: 'Checkout slow', escalationLevel: 1, reason: 'lowest onCallOrder' },
        meta(incidentId),
      ),
      `response-${incidentId}`,
    );
    await publish(pageEvent);
    const deliveryId = deliveryIdOf(pageEvent.id, `person:${personId}/contact:${mail}`);
    const outcome = await eventually('the email outcome', async () =>
      (await store.readStream(`delivery-${deliveryId}`)).find((e) => e.type === 'NotificationDelivered' || e.type === 'NotificationFailed'),
    );
    expect(outcome).toMatchObject({ type: 'NotificationDelivered', data: { kind: 'page', attempts: 1, statusCode: 250, target: `person:${personId}/contact:${mail}` } });
    const [arrived] = smtp.to('dana@example.com');
    expect(arrived.mail.subject).toBe('[P2] Checkout slow: you are paged');
    expect(arrived.mail.headers.get('x-linchpin-delivery')).toBe(deliveryId);
    const ack = /https:\/\/ops\.example\.com\/coordination\/links\/acknowledge\/[A-Za-z0-9_-]{96}/;
    expect(arrived.mail.text).toMatch(ack);
    expect(String(arrived.mail.html)).toMatch(ack);
    expect(arrived.mail.text).toContain(`https://ops.example.com/coordination/incidents/${incidentId}`);
    expect(String(arrived.mail.html)).toContain(`https://ops.example.com/coordination/incidents/${incidentId}`);
    // No event holds the link (a credential) nor the address.
    const stored = JSON.stringify([...(await store.readStream(`deliveryRequest-${deliveryId}`)), ...(await store.readStream(`delivery-${deliveryId}`))]);
    expect(stored).not.toMatch(ack);
    expect(JSON.stringify(outcome)).not.toContain('dana@example.com');
  });
});
