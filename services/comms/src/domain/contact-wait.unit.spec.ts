import { given } from '@linchpin/eventsourcing';
import { AwaitContact, FireContactTimer, ResolveContact, contactTimerIdOf, deliveryRequestDecider } from './delivery-request';
import { RecordContacts, contactDecider } from './contact.decider';
import { pageSending, withAcknowledgeLink } from './page-channel';

const context = { actor: 'system:comms', causationId: 'c', occurredAt: '2026-01-01T00:00:00.000Z' };
const deliveryId = 'd-1';
const timerId = contactTimerIdOf(deliveryId);
const target = { deliveryId, incidentId: 'i-1', kind: 'page' as const, subjectId: 'p-1', target: 'person:a/contact:m' };
const wait: AwaitContact = { type: 'AwaitContact', ...target, personId: 'a', contactMethodId: 'm', page: { type: 'page' }, waitUntil: '2026-01-01T00:02:00.000Z', context };
const resolve: ResolveContact = { type: 'ResolveContact', deliveryId, send: { url: 'https://hooks.example/a', body: { type: 'page' } }, context };
const fire: FireContactTimer = { type: 'FireContactTimer', deliveryId, timerId, dueAt: wait.waitUntil, reason: 'person a is unknown to comms', context };
const waiting = () => given(deliveryRequestDecider).when(wait).events;

describe('a page waiting for its contact', () => {
  it('given no request, when the contact is unknown, then DeliveryAwaitingContact and a timer at the deadline; again, nothing', () => {
    const events = given(deliveryRequestDecider)
      .when(wait)
      .then([expect.objectContaining({ type: 'DeliveryAwaitingContact' }), expect.objectContaining({ type: 'TimerScheduled', data: expect.objectContaining({ timerId, dueAt: wait.waitUntil }) })]);
    given(deliveryRequestDecider, events).when(wait).then([]);
  });

  it('given a waiting page, when its contact is known, then DeliveryRequested to it and the timer cancelled; the timer then fires nothing', () => {
    const resolved = given(deliveryRequestDecider, waiting()).when(resolve).then([
      expect.objectContaining({ type: 'DeliveryRequested', data: expect.objectContaining({ ...target, url: 'https://hooks.example/a' }) }),
      expect.objectContaining({ type: 'TimerCancelled' }),
    ]);
    given(deliveryRequestDecider, [...waiting(), ...resolved]).when(fire).then([]);
    given(deliveryRequestDecider, [...waiting(), ...resolved]).when(resolve).then([]);
  });

  it('given a waiting page, when the deadline passes, then TimerFired and an undeliverable request with the reason, once; a late contact changes nothing', () => {
    const fired = given(deliveryRequestDecider, waiting()).when(fire).then([
      expect.objectContaining({ type: 'TimerFired' }),
      expect.objectContaining({ type: 'DeliveryRequested', data: expect.objectContaining({ undeliverable: 'person a is unknown to comms' }) }),
    ]);
    given(deliveryRequestDecider, [...waiting(), ...fired]).when(fire).then([]);
    given(deliveryRequestDecider, [...waiting(), ...fired]).when(resolve).then([]);
  });
});

describe('contact directory', () => {
  const record = (sourceRevision: number, address: string, over: Partial<RecordContacts> = {}): RecordContacts => ({
    type: 'RecordContacts',
    eventId: `e-${sourceRevision}`,
    personId: 'a',
    name: 'alice',
    retired: false,
    sourceRevision,
    contactMethods: [{ id: 'm', kind: 'webhook', address }],
    context,
    ...over,
  });

  it('keeps the newest revision; an older one arriving late, or a redelivery, records nothing; a retirement keeps the methods', () => {
    const newer = given(contactDecider).when(record(1, 'https://new')).events;
    given(contactDecider, newer).when(record(0, 'https://old')).then([]);
    given(contactDecider, newer).when(record(1, 'https://new')).then([]);
    const retired = given(contactDecider, newer).when(record(2, '', { retired: true, contactMethods: undefined })).events;
    expect(given(contactDecider, [...newer, ...retired]).state()).toMatchObject({ retired: true, methods: { m: { kind: 'webhook', address: 'https://new' } } });
  });
});

describe('page channels', () => {
  const page = { type: 'page' as const, incidentId: 'i', pageId: 'p', title: 'down', priority: 'P1', team: 'payments', responder: { name: 'alice' }, escalationLevel: 1 };
  it('stores the page as decided with its channel, rendered only when sent; an email address is its mailto: URL', () => {
    expect(pageSending({ kind: 'webhook', address: 'https://h' }, page, 'alice-id')).toEqual({ url: 'https://h', body: page, channel: 'webhook', acknowledgeLink: { personId: 'alice-id' } });
    expect(pageSending({ kind: 'slack', address: 'https://s' }, page, 'alice-id')).toEqual({ url: 'https://s', body: page, channel: 'slack', acknowledgeLink: { personId: 'alice-id' } });
    expect(pageSending({ kind: 'email', address: 'a@example.com' }, page, 'alice-id')).toEqual({ url: 'mailto:a@example.com', body: page, channel: 'email', acknowledgeLink: { personId: 'alice-id' } });
    expect(JSON.stringify(pageSending({ kind: 'webhook', address: 'https://h' }, page, 'alice-id').body)).not.toContain('links');
  });

  it('a contact kind no channel delivers fails at once, saying so', () => {
    expect(pageSending({ kind: 'pager' as 'webhook', address: 'x' }, page, 'alice-id')).toMatchObject({ undeliverable: 'contact method kind "pager" cannot be delivered' });
  });

  it('a request recorded before channels (its body already in its form) gets its link as before: in a webhook\'s JSON, in Slack\'s text', () => {
    const link = 'https://ops.example.com/coordination/links/acknowledge/t0k3n';
    expect(withAcknowledgeLink(page, 'webhook', link)).toEqual({ ...page, links: { acknowledge: link } });
    const stored = { text: '[P1] down', blocks: [{ type: 'section' }] };
    const sent = withAcknowledgeLink(stored, 'slack', link) as { text: string; blocks: { text?: { text: string } }[] };
    expect(sent.text).toBe(`[P1] down\nAcknowledge (POST): ${link}`);
    expect(sent.blocks.at(-1)?.text?.text).toContain(link);
    expect(sent.blocks).toHaveLength(2);
  });
});
