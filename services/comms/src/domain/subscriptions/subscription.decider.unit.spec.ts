import { DomainError, NotFoundError, given } from '@linchpin/eventsourcing';
import { CreateSubscription, SUBSCRIPTION_CREATED, SubscriptionCreatedEvent, subscriptionDecider } from './subscription.decider';
import { DEFAULT_PREFERENCES, hears, IncidentAsKnown, Subscription } from './subscription';

const context = { actor: 'api', causationId: 'r', occurredAt: '2026-01-01T00:00:00.000Z' };
const create = (over: Partial<CreateSubscription> = {}): CreateSubscription => ({
  type: 'CreateSubscription',
  eventId: 'e-1',
  subscriptionId: 's-1',
  channel: 'webhook',
  address: 'https://hooks.example/status',
  secret: 'sixteen-chars-ok',
  filter: {},
  context,
  ...over,
});
const change = (over: object = {}) => ({ type: 'ChangeSubscription' as const, eventId: 'e-2', subscriptionId: 's-1', context, ...over });
const cancel = { type: 'CancelSubscription' as const, eventId: 'e-3', subscriptionId: 's-1', via: 'link' as const, context };

describe('subscription decider', () => {
  it('given nothing, when subscribing a webhook to every incident, then SubscriptionCreated v2 hearing every audience and phase', () => {
    given(subscriptionDecider)
      .when(create())
      .then([
        expect.objectContaining({
          type: SUBSCRIPTION_CREATED,
          schemaVersion: 2,
          data: { subscriptionId: 's-1', channel: 'webhook', address: 'https://hooks.example/status', secret: 'sixteen-chars-ok', filter: {}, preferences: DEFAULT_PREFERENCES },
        }),
      ]);
  });

  it('correlates a subscription to one incident on that incident', () => {
    given(subscriptionDecider)
      .when(create({ filter: { incidentId: 'i-1' } }))
      .then([expect.objectContaining({ metadata: { incidentId: 'i-1', correlationId: 'i-1', causationId: 'r', actor: 'api', occurredAt: '2026-01-01T00:00:00.000Z' } })]);
  });

  it('a webhook needs a secret of 16 characters or more; email takes none; Slack and Teams may go without', () => {
    expect(given(subscriptionDecider).when(create({ secret: 'short' })).thenThrows(DomainError).field).toBe('secret');
    expect(given(subscriptionDecider).when(create({ secret: undefined })).thenThrows(DomainError, 'secret_required').field).toBe('secret');
    expect(given(subscriptionDecider).when(create({ channel: 'email', address: 'a@example.com' })).thenThrows(DomainError, 'secret_not_used').field).toBe('secret');
    given(subscriptionDecider)
      .when(create({ channel: 'slack', secret: undefined }))
      .then([expect.objectContaining({ data: expect.not.objectContaining({ secret: expect.anything() }) })]);
  });

  it('given an existing subscription, when created again, then subscription_exists', () => {
    const history = given(subscriptionDecider).when(create()).events;
    given(subscriptionDecider, history).when(create()).thenThrows(DomainError, 'subscription_exists');
  });

  it('a change replaces the parts given and keeps the rest; the same preferences again change nothing', () => {
    const history = given(subscriptionDecider).when(create({ filter: { service: 'checkout' } })).events;
    given(subscriptionDecider, history)
      .when(change({ preferences: { phases: ['resolved', 'investigating'] } }))
      .then([expect.objectContaining({ type: 'SubscriptionChanged', data: { subscriptionId: 's-1', filter: { service: 'checkout' }, preferences: { audiences: ['internal', 'public'], phases: ['investigating', 'resolved'] } } })]);
    given(subscriptionDecider, history).when(change({ preferences: { audiences: ['public', 'internal'] } })).then([]);
  });

  it('cancelling records SubscriptionCancelled once: a second cancel (a link followed again) records nothing; a change after it is refused', () => {
    const history = given(subscriptionDecider).when(create()).events;
    const cancelled = given(subscriptionDecider, history).when(cancel).events;
    expect(cancelled).toEqual([expect.objectContaining({ type: 'SubscriptionCancelled', data: { subscriptionId: 's-1', via: 'link' } })]);
    given(subscriptionDecider, [...history, ...cancelled]).when(cancel).then([]);
    expect(given(subscriptionDecider, [...history, ...cancelled]).when(change({ filter: {} })).thenThrows(NotFoundError).message).toContain('was cancelled');
    given(subscriptionDecider).when(cancel).thenThrows(NotFoundError);
  });

  it('folds a v1 subscription (before channels) as a signed webhook of its incident, hearing everything', () => {
    const v1: SubscriptionCreatedEvent = {
      id: 'old',
      type: SUBSCRIPTION_CREATED,
      schemaVersion: 1,
      data: { subscriptionId: 's-1', webhookUrl: 'https://old.example/hook', secret: 'sixteen-chars-ok', incidentId: 'i-9' },
      metadata: { correlationId: 'i-9', causationId: 'r', actor: 'api', occurredAt: context.occurredAt },
    };
    expect(subscriptionDecider.evolve(subscriptionDecider.initialState, v1)).toEqual({
      status: 'active',
      subscriptionId: 's-1',
      channel: 'webhook',
      address: 'https://old.example/hook',
      secret: 'sixteen-chars-ok',
      personId: null,
      filter: { incidentId: 'i-9' },
      preferences: DEFAULT_PREFERENCES,
    });
  });
});

describe('which subscriptions hear an update', () => {
  const subscription = (over: Partial<Subscription> = {}): Subscription => ({
    subscriptionId: 's',
    channel: 'webhook',
    address: 'u',
    secret: 'x',
    personId: null,
    filter: {},
    preferences: DEFAULT_PREFERENCES,
    ...over,
  });
  const incident: IncidentAsKnown = { incidentId: 'i-1', service: 'checkout', priority: 'P2', team: { name: 'Payments', id: null } };
  const update = { audience: 'internal' as const, status: 'identified' as const };

  it('every filter given must hold: incident, service, team (by name, any case), priority threshold', () => {
    expect(hears(subscription(), update, incident)).toBe(true);
    expect(hears(subscription({ filter: { incidentId: 'i-1' } }), update, incident)).toBe(true);
    expect(hears(subscription({ filter: { incidentId: 'i-2' } }), update, incident)).toBe(false);
    expect(hears(subscription({ filter: { service: 'checkout', team: 'payments' } }), update, incident)).toBe(true);
    expect(hears(subscription({ filter: { service: 'search' } }), update, incident)).toBe(false);
    expect(hears(subscription({ filter: { team: 'search' } }), update, incident)).toBe(false);
  });

  it('a priority threshold hears that priority and more urgent ones; an incident of unknown priority matches no threshold', () => {
    expect(hears(subscription({ filter: { minPriority: 'P2' } }), update, incident)).toBe(true);
    expect(hears(subscription({ filter: { minPriority: 'P3' } }), update, incident)).toBe(true);
    expect(hears(subscription({ filter: { minPriority: 'P1' } }), update, incident)).toBe(false);
    expect(hears(subscription({ filter: { minPriority: 'P5' } }), update, { ...incident, priority: null })).toBe(false);
  });

  it('preferences choose audiences and phases; a responders update reaches no subscription', () => {
    expect(hears(subscription({ preferences: { audiences: ['public'], phases: DEFAULT_PREFERENCES.phases } }), update, incident)).toBe(false);
    expect(hears(subscription({ preferences: { audiences: ['internal'], phases: ['resolved'] } }), update, incident)).toBe(false);
    expect(hears(subscription({ preferences: { audiences: ['internal'], phases: ['resolved'] } }), { ...update, status: 'resolved' }, incident)).toBe(true);
    expect(hears(subscription(), { ...update, audience: 'responders' }, incident)).toBe(false);
  });
});
