import { DomainError, given } from '@linchpin/eventsourcing';
import { CreateSubscription, Subscription, publicView, subscriptionDecider, subscriptionsFor } from './subscription.decider';

const context = { actor: 'api', causationId: 'r', occurredAt: '2026-01-01T00:00:00.000Z' };
const create = (over: Partial<CreateSubscription> = {}): CreateSubscription => ({
  type: 'CreateSubscription',
  eventId: 'e-1',
  subscriptionId: 's-1',
  webhookUrl: 'https://hooks.example/status',
  secret: 'sixteen-chars-ok',
  context,
  ...over,
});

describe('subscription decider', () => {
  it('given nothing, when subscribing to all incidents, then SubscriptionCreated without an incident', () => {
    given(subscriptionDecider)
      .when(create())
      .then([expect.objectContaining({ data: { subscriptionId: 's-1', webhookUrl: 'https://hooks.example/status', secret: 'sixteen-chars-ok' } })]);
  });

  it('correlates a subscription to all incidents on its request, one to an incident on that incident', () => {
    given(subscriptionDecider)
      .when(create())
      .then([expect.objectContaining({ metadata: { correlationId: 'r', causationId: 'r', actor: 'api', occurredAt: '2026-01-01T00:00:00.000Z' } })]);
    given(subscriptionDecider)
      .when(create({ incidentId: 'i-1' }))
      .then([expect.objectContaining({ metadata: { incidentId: 'i-1', correlationId: 'i-1', causationId: 'r', actor: 'api', occurredAt: '2026-01-01T00:00:00.000Z' } })]);
  });

  it('refuses a secret shorter than 16 characters, naming the field', () => {
    expect(given(subscriptionDecider).when(create({ secret: 'short' })).thenThrows(DomainError).field).toBe('secret');
  });

  it('given an existing subscription, when created again, then subscription_exists', () => {
    const history = given(subscriptionDecider).when(create()).events;
    given(subscriptionDecider, history).when(create()).thenThrows(DomainError, 'subscription_exists');
  });

  it('matches subscriptions of the incident and those of all incidents', () => {
    const subs: Subscription[] = [
      { subscriptionId: 'all', webhookUrl: 'u', secret: 's', incidentId: null },
      { subscriptionId: 'mine', webhookUrl: 'u', secret: 's', incidentId: 'i-1' },
      { subscriptionId: 'other', webhookUrl: 'u', secret: 's', incidentId: 'i-2' },
    ];
    expect(subscriptionsFor('i-1', subs).map((s) => s.subscriptionId)).toEqual(['all', 'mine']);
  });

  it('the public view never holds the secret', () => {
    expect(publicView({ subscriptionId: 's', webhookUrl: 'u', secret: 'sekret', incidentId: null })).not.toHaveProperty('secret');
  });
});
