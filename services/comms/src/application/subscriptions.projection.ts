import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, EventStore, Position } from '@linchpin/eventsourcing';
import { Subscription, SubscriptionCreatedEvent, subscriptionDecider } from '../domain/subscription.decider';

/**
 * Every subscription (with its secret), folded from the private `subscription-` streams. It
 * catches up on demand, before each use, so a subscription created just before an update is
 * never missed; the fold starts from scratch at every process start.
 */
@Injectable()
export class SubscriptionsProjection {
  private readonly byId = new Map<string, Subscription>();
  private position: Position | undefined;
  private refreshing?: Promise<void>;

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async all(): Promise<Subscription[]> {
    await this.refresh();
    return [...this.byId.values()];
  }

  private refresh(): Promise<void> {
    // One catch-up at a time: concurrent callers share it.
    this.refreshing ??= this.catchUp().finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  private async catchUp(): Promise<void> {
    for (;;) {
      const page = await this.store.readAll({ after: this.position, filter: { streamPrefixes: ['subscription-'] }, limit: 500 });
      for (const event of page) {
        const state = subscriptionDecider.evolve(subscriptionDecider.initialState, event as SubscriptionCreatedEvent);
        if (state.status === 'active') this.byId.set(state.subscriptionId, state);
        this.position = event.position;
      }
      if (page.length < 500) return;
    }
  }
}
