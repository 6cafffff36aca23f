import { NotificationDeliveredV2, NotificationFailedV1 } from '@linchpin/contracts';
import { DeliveryKind, deliveryIdOf, deliveryOutcome } from './delivery';
import { given as givenDecider } from '@linchpin/eventsourcing';
import { DeliveryRequestedEvent, PendingDeliveries, PendingDelivery, RequestDelivery, deliveriesToStart, deliveryRequestDecider, deliveryRequested, evolvePending } from './delivery-request';

const metadata = { incidentId: 'i-1', correlationId: 'i-1', causationId: 'cause', actor: 'system:comms', occurredAt: '2026-01-01T00:00:00.000Z' };

const request = (cause: string, kind: DeliveryKind, target = `http://hooks.example/${cause}`): DeliveryRequestedEvent =>
  deliveryRequested(
    { deliveryId: deliveryIdOf(cause, target), incidentId: 'i-1', kind, subjectId: `s-${cause}`, target },
    { url: target, body: { type: kind, cause } },
    metadata,
  );

const given = (...events: { type: string; data: unknown }[]): PendingDeliveries => events.reduce(evolvePending, new Map());
const ids = (entries: PendingDelivery[]) => entries.map((e) => e.request.data.subjectId);

describe('delivery requests', () => {
  it('the request id is deterministic per delivery, so a redelivered cause records nothing new', () => {
    expect(request('c-1', 'page').id).toBe(request('c-1', 'page').id);
    expect(request('c-1', 'page').id).not.toBe(request('c-2', 'page').id);
  });

  it('carries what sending needs after a restart: url, body, and for an update the subscription (never its secret)', () => {
    const update = deliveryRequested(
      { deliveryId: deliveryIdOf('c', 'subscription:s-1'), incidentId: 'i-1', kind: 'status-update', subjectId: 'u-1', target: 'subscription:s-1' },
      { url: 'https://sub.example/hook', subscriptionId: 's-1', body: { type: 'status-update' } },
      metadata,
    );
    expect(update.data).toEqual(expect.objectContaining({ url: 'https://sub.example/hook', subscriptionId: 's-1', body: { type: 'status-update' } }));
    expect(JSON.stringify(update)).not.toContain('secret');
    expect(request('c', 'page').data).not.toHaveProperty('subscriptionId');
  });
});

describe('delivery request decider', () => {
  const requestDelivery = (): RequestDelivery => ({
    type: 'RequestDelivery',
    deliveryId: deliveryIdOf('c-1', 'http://hooks.example/c-1'),
    incidentId: 'i-1',
    kind: 'page',
    subjectId: 's-c-1',
    target: 'http://hooks.example/c-1',
    url: 'http://hooks.example/c-1',
    body: { type: 'page', cause: 'c-1' },
    context: { actor: 'system:comms', causationId: 'cause', occurredAt: '2026-01-01T00:00:00.000Z' },
  });

  it('given nothing requested, then DeliveryRequested with its deterministic id, correlated on the incident and caused by the cause', () => {
    givenDecider(deliveryRequestDecider).when(requestDelivery()).then([request('c-1', 'page')]);
  });

  it('given the delivery already requested (a redelivered cause), then nothing new', () => {
    givenDecider(deliveryRequestDecider, [request('c-1', 'page')]).when(requestDelivery()).then([]);
  });
});

describe('pending deliveries', () => {
  it('given a request, then it is pending', () => {
    const page = request('c-1', 'page');
    expect([...given(page).keys()]).toEqual([page.data.deliveryId]);
  });

  it('given a request and its outcome, delivered or failed, then nothing is pending', () => {
    const a = request('c-1', 'page');
    const b = request('c-2', 'page');
    const delivered = deliveryOutcome(a.data, [{ statusCode: 204 }], metadata);
    const failed = deliveryOutcome(b.data, [{ error: 'no answer within 5000 ms' }], metadata);
    expect(delivered.type).toBe(NotificationDeliveredV2.type);
    expect(failed.type).toBe(NotificationFailedV1.type);
    const pending = given(a, b, delivered, failed);
    expect([...pending.values()].map((e) => e.status)).toEqual(['failed']);
  });

  it('given an outcome of another delivery, then the request stays pending', () => {
    const a = request('c-1', 'page');
    const other = deliveryOutcome(request('c-9', 'page').data, [{ statusCode: 204 }], metadata);
    expect(given(a, other).has(a.data.deliveryId)).toBe(true);
  });
});

describe('which deliveries start', () => {
  const slots = { page: 2, 'status-update': 1 };
  const idle = { page: 0, 'status-update': 0 };

  it('given updates requested before a page, when slots are free, then the page starts, and updates fill only their own slots', () => {
    const pending = given(request('u1', 'status-update'), request('u2', 'status-update'), request('p1', 'page'));
    expect(ids(deliveriesToStart(pending.values(), new Set(), idle, slots))).toEqual(['s-p1', 's-u1']);
  });

  it('given every update slot taken by hung receivers, then a page still starts', () => {
    const hung = request('u1', 'status-update');
    const pending = given(hung, request('u2', 'status-update'), request('p1', 'page'));
    expect(ids(deliveriesToStart(pending.values(), new Set([hung.data.deliveryId]), { page: 0, 'status-update': 1 }, slots))).toEqual(['s-p1']);
  });

  it('given more pages than page slots, then the oldest pages start first and the rest wait for a page slot', () => {
    const pending = given(request('p1', 'page'), request('p2', 'page'), request('p3', 'page'));
    expect(ids(deliveriesToStart(pending.values(), new Set(), idle, slots))).toEqual(['s-p1', 's-p2']);
  });

  it('given a delivery in flight, then it is not started twice', () => {
    const p1 = request('p1', 'page');
    const pending = given(p1, request('p2', 'page'));
    expect(ids(deliveriesToStart(pending.values(), new Set([p1.data.deliveryId]), { page: 1, 'status-update': 0 }, slots))).toEqual(['s-p2']);
  });
});
