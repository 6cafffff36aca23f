import { generateApiToken } from '@linchpin/platform';
import { newId } from '@linchpin/eventsourcing';
import { eventually } from '@linchpin/testing';
import { ServiceApp, startServiceApp } from '@linchpin/service-testing';
import { CommsModule } from '../src/comms.module';
import { COMMS_SERVICE } from '../src/service';
import { verifySignature } from '../src/application/webhook-signature';
import { JsonReceiver } from './support/json-receiver';
import { MailServer } from './support/mail-server';
import { responderPaged } from './support/responder-paged';
import { hear, triaged } from './support/status-page-incident';

const SECRET = 'subscriber-secret-0123456789';
const PUBLIC_URL = 'https://ops.example.com';
const SCOPED = generateApiToken();

/*
 * Issue 15, subscriptions: people and systems subscribe by incident, service, team or priority threshold, on one
 * channel each (a signed webhook, Slack, Teams, email over a real SMTP server), with their preferences; every
 * message carries a signed unsubscribe link that works without credentials.
 */
describe('subscriptions by service, team and priority, per channel, with unsubscribe links (SQLite, in-process bus, real HTTP and SMTP)', () => {
  const receiver = new JsonReceiver();
  const smtp = new MailServer();
  let comms: ServiceApp;

  beforeAll(async () => {
    await Promise.all([receiver.start(), smtp.start()]);
    comms = await startServiceApp({
      service: COMMS_SERVICE,
      module: CommsModule,
      apiTokens: { [SCOPED]: { tokenId: 'tok-scoped', name: 'payments-bot', roles: ['responder'], team: 'payments' } },
      env: { SMTP_URL: smtp.url, LINCHPIN_PUBLIC_URL: PUBLIC_URL, OUTBOUND_ALLOW_CIDRS: '127.0.0.0/8' },
    });
  });
  afterAll(async () => {
    await comms?.close();
    await Promise.all([receiver.stop(), smtp.stop()]);
  });

  const subscribe = (body: Record<string, unknown>) => comms.http().post('/comms/subscriptions').send(body).expect(201);
  /** An incident of `service` at `priority` for `team`, as triage and coordination tell comms of it. */
  const incident = async (service: string, priority: 'P1' | 'P2' | 'P3', team: string): Promise<string> => {
    const incidentId = newId();
    await hear(comms, 'triage', triaged(incidentId, service, priority));
    await hear(comms, 'coordination', responderPaged({ incidentId, team, webhookUrl: 'https://pager.example.com/x' }));
    return incidentId;
  };
  const post = (incidentId: string, body: Record<string, unknown>) => comms.http().post(`/comms/incidents/${incidentId}/updates`).send(body).expect(202);
  /** Waits until the update's deliveries are all recorded, so "nothing arrived" means nothing was sent. */
  const settled = async (updateId: string, expected: number) =>
    eventually(`the ${expected} deliveries of update ${updateId}`, async () => {
      const outcomes = (await comms.store.readAll()).filter((e) => (e.type === 'NotificationDelivered' || e.type === 'NotificationFailed') && (e.data as { subjectId?: string }).subjectId === updateId);
      return outcomes.length >= expected ? outcomes : undefined;
    });

  it('delivers each update to the subscriptions whose filters hold, on each one’s channel, and to no other', async () => {
    await subscribe({ webhookUrl: `${receiver.url}/checkout`, secret: SECRET, service: 'checkout' });
    await subscribe({ channel: 'slack', webhookUrl: `${receiver.url}/slack-payments`, team: 'Payments' });
    await subscribe({ channel: 'teams', webhookUrl: `${receiver.url}/teams-p1`, minPriority: 'P1' });
    await subscribe({ channel: 'email', email: 'cto@example.com', minPriority: 'P2', personId: newId() });
    await subscribe({ webhookUrl: `${receiver.url}/search`, secret: SECRET, service: 'search' });

    const p2 = await incident('checkout', 'P2', 'payments');
    const { updateId } = (await post(p2, { phase: 'identified', message: 'Card payments fail; rolling back.' })).body;
    await settled(updateId, 3);

    const [webhook] = receiver.on('/checkout');
    expect(webhook.body).toMatchObject({ type: 'status-update', incidentId: p2, updateId, message: 'Card payments fail; rolling back.' });
    expect(verifySignature(SECRET, webhook.raw, String(webhook.headers['linchpin-signature']), { now: new Date() })).toBe(true);
    expect(receiver.on('/slack-payments')[0].body).toMatchObject({ text: expect.stringContaining('Card payments fail') });
    expect(receiver.on('/search')).toHaveLength(0);
    // P2 is below the Teams subscription's P1 threshold, within the email's P2 one.
    expect(receiver.on('/teams-p1')).toHaveLength(0);
    const [mail] = smtp.to('cto@example.com');
    expect(mail.mail.text).toContain('Card payments fail; rolling back.');
  });

  it('every message carries its unsubscribe link: GET only previews; POST without credentials (a mail client’s one-click form too) cancels, once', async () => {
    const created = await subscribe({ webhookUrl: `${receiver.url}/leaving`, secret: SECRET, service: 'billing' });
    const { subscriptionId, unsubscribeUrl } = created.body;
    expect(unsubscribeUrl).toMatch(new RegExp(`^${PUBLIC_URL}/comms/links/unsubscribe/[A-Za-z0-9_-]+$`));
    await subscribe({ channel: 'email', email: 'finance@example.com', service: 'billing' });

    const billing = await incident('billing', 'P3', 'finance');
    const first = (await post(billing, { phase: 'investigating', message: 'Invoices are late.' })).body.updateId;
    await settled(first, 2);
    const link = String((receiver.on('/leaving')[0].body.links as { unsubscribe: string }).unsubscribe);
    const path = new URL(link).pathname;
    // The message's link and the one answered at subscribing name the same subscription (their expiries may differ by a second).
    expect((await comms.httpAs(null).get(new URL(unsubscribeUrl).pathname).expect(200)).body.subscriptionId).toBe(subscriptionId);
    // Email carries the same kind of link, as List-Unsubscribe with RFC 8058's one-click POST.
    const [mail] = smtp.to('finance@example.com');
    // A long header is folded onto a second line (RFC 5322): read it unfolded.
    const header = (key: string) => mail.mail.headerLines.find((h) => h.key === key)?.line.replace(/\r?\n[ \t]+/g, ' ');
    expect(header('list-unsubscribe-post')).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    expect(header('list-unsubscribe')).toMatch(new RegExp(`^List-Unsubscribe: +<${PUBLIC_URL}/comms/links/unsubscribe/[A-Za-z0-9_-]+>$`));
    expect(String(mail.mail.text)).toContain(`${PUBLIC_URL}/comms/links/unsubscribe/`);

    const preview = await comms.httpAs(null).get(path).expect(200);
    expect(preview.body).toMatchObject({ subscriptionId, status: 'active', wouldCancel: true, channel: 'webhook' });
    expect((await comms.http().get(`/comms/subscriptions/${subscriptionId}`).expect(200)).body.status).toBe('active');

    const oneClick = await comms.httpAs(null).post(path).type('form').send('List-Unsubscribe=One-Click').expect(200);
    expect(oneClick.body).toEqual({ subscriptionId, status: 'cancelled', changed: true });
    expect((await comms.httpAs(null).post(path).expect(200)).body.changed).toBe(false);
    expect((await comms.http().get(`/comms/subscriptions/${subscriptionId}`).expect(404)).body.detail).toContain('was cancelled');
    const [cancelled] = (await comms.store.readStream(`subscription-${subscriptionId}`)).filter((e) => e.type === 'SubscriptionCancelled');
    expect(cancelled.metadata).toMatchObject({ actor: `subscription:${subscriptionId}`, onBehalfOf: 'unsubscribe link' });

    const second = (await post(billing, { phase: 'identified', message: 'A stuck queue.' })).body.updateId;
    await settled(second, 1);
    expect(receiver.on('/leaving')).toHaveLength(1);

    // An altered link is refused (401, nothing cancelled); a form POST anywhere else is still a 415.
    const altered = path.slice(0, -2) + (path.endsWith('AA') ? 'BB' : 'AA');
    const refused = await comms.httpAs(null).post(altered).expect(401);
    expect(refused.body.code).toMatch(/^link_/);
    // The token is the credential: a problem's instance never repeats it.
    expect(refused.body.instance).toBe('/comms/links/unsubscribe/***');
    await comms.http().post(`/comms/incidents/${billing}/updates`).type('form').send('phase=resolved').expect(415);
  });

  it('preferences per subscription: PATCH narrows it to the resolved phase; a null clears a filter', async () => {
    const { subscriptionId } = (await subscribe({ channel: 'slack', webhookUrl: `${receiver.url}/slack-ends`, service: 'ledger', minPriority: 'P3' })).body;
    const changed = await comms.http().patch(`/comms/subscriptions/${subscriptionId}`).send({ phases: ['resolved'], minPriority: null }).expect(200);
    expect(changed.body).toMatchObject({ subscriptionId, service: 'ledger', minPriority: null, phases: ['resolved'], audiences: ['internal', 'public'] });

    const ledger = await incident('ledger', 'P3', 'finance');
    const identified = (await post(ledger, { phase: 'identified', message: 'Slow postings.' })).body.updateId;
    const resolved = (await post(ledger, { phase: 'resolved', message: 'Postings are on time again.' })).body.updateId;
    await settled(resolved, 1);
    expect(receiver.on('/slack-ends').map((r) => String(r.body.text))).toEqual([expect.stringContaining('Postings are on time again.')]);
    expect((await comms.store.readAll()).some((e) => (e.data as { subjectId?: string }).subjectId === identified && e.type === 'DeliveryRequested')).toBe(false);

    await comms.http().delete(`/comms/subscriptions/${subscriptionId}`).expect(204);
    await comms.http().delete(`/comms/subscriptions/${subscriptionId}`).expect(204);
    expect((await comms.http().patch(`/comms/subscriptions/${subscriptionId}`).send({ phases: ['identified'] }).expect(404)).body.detail).toContain('was cancelled');
    await comms.http().patch(`/comms/subscriptions/${subscriptionId}`).send({ phases: ['resolved', 'resolved'] }).expect(400);
    expect((await comms.http().get('/comms/subscriptions?limit=200').expect(200)).body.items.map((s: { subscriptionId: string }) => s.subscriptionId)).not.toContain(subscriptionId);
  });

  it('a token held to a team subscribes to its team’s incidents only', async () => {
    const mine = await comms.httpAs(SCOPED).post('/comms/subscriptions').send({ channel: 'teams', webhookUrl: `${receiver.url}/teams-mine` }).expect(201);
    expect((await comms.http().get(`/comms/subscriptions/${mine.body.subscriptionId}`).expect(200)).body.team).toBe('payments');
    const other = await comms.httpAs(SCOPED).post('/comms/subscriptions').send({ channel: 'teams', webhookUrl: `${receiver.url}/teams-other`, team: 'search' }).expect(403);
    expect(other.body.code).toBe('team_scope');
  });

  it('answers 400 naming the field when the address does not fit the channel, nothing stored', async () => {
    const before = (await comms.store.readAll()).length;
    const noEmail = await comms.http().post('/comms/subscriptions').send({ channel: 'email', webhookUrl: `${receiver.url}/x` }).expect(400);
    expect(noEmail.body.errors).toEqual(
      expect.arrayContaining([
        { field: 'email', reason: 'is required for an email subscription' },
        { field: 'webhookUrl', reason: 'is not used by an email subscription (send `email`)' },
      ]),
    );
    const noUrl = await comms.http().post('/comms/subscriptions').send({ channel: 'slack', email: 'a@example.com' }).expect(400);
    expect(noUrl.body.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['webhookUrl', 'email']));
    const noSecret = await comms.http().post('/comms/subscriptions').send({ webhookUrl: `${receiver.url}/x` }).expect(400);
    expect(noSecret.body.errors.map((e: { field: string }) => e.field)).toEqual(['secret']);
    expect((await comms.store.readAll()).length).toBe(before);
  });
});
