import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, EventStore, ProjectionFeed } from '@linchpin/eventsourcing';
import { Subscription, SubscriptionCreatedEvent, subscriptionDecider } from '../domain/subscription.decider';
import { SUBSCRIPTION_STREAM_PREFIX } from '../domain/streams';

/**
 * Every subscription (with its secret), folded from the private `subscription-` streams. It
 * catches up before each use, so a subscription created just before an update is never missed.
 */
@Injectable()
export class SubscriptionsProjection {
  private readonly byId = new Map<string, Subscription>();
  private readonly feed: ProjectionFeed;

  constructor(@Inject(EVENT_STORE) store: EventStore) {
    this.feed = new ProjectionFeed(store, [SUBSCRIPTION_STREAM_PREFIX], (event) => {
      const state = subscriptionDecider.evolve(subscriptionDecider.initialState, event as SubscriptionCreatedEvent);
      if (state.status === 'active') this.byId.set(state.subscriptionId, state);
    });
  }

  async all(): Promise<Subscription[]> {
    await this.feed.current();
    return [...this.byId.values()];
  }
}
