import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, EventStore, ProjectionFeed } from '@linchpin/eventsourcing';
import { SubscriptionEvent, SubscriptionState, subscriptionDecider } from '../domain/subscriptions/subscription.decider';
import { Subscription } from '../domain/subscriptions/subscription';
import { SUBSCRIPTION_STREAM_PREFIX } from '../domain/streams';

/**
 * Every subscription (with its secret), folded from the private `subscription-` streams. It
 * catches up before each use, so a subscription created (or cancelled) just before an update is
 * never missed (nor sent to).
 */
@Injectable()
export class SubscriptionsProjection {
  private readonly byId = new Map<string, SubscriptionState>();
  private readonly feed: ProjectionFeed;

  constructor(@Inject(EVENT_STORE) store: EventStore) {
    this.feed = new ProjectionFeed(store, [SUBSCRIPTION_STREAM_PREFIX], (recorded) => {
      const event = recorded as SubscriptionEvent;
      const id = event.data.subscriptionId;
      this.byId.set(id, subscriptionDecider.evolve(this.byId.get(id) ?? subscriptionDecider.initialState, event));
    });
  }

  /** The subscriptions in force, oldest first. */
  async active(): Promise<Subscription[]> {
    await this.feed.current();
    return [...this.byId.values()].filter((s): s is Subscription & { status: 'active' } => s.status === 'active');
  }

  /** A subscription in force or cancelled; undefined when there never was one. */
  async find(subscriptionId: string): Promise<SubscriptionState | undefined> {
    await this.feed.current();
    return this.byId.get(subscriptionId);
  }
}
