// Jest's globals, not an import of @jest/globals: this lib is also loaded outside Jest (benchmarks).
import { RecordedEvent, StoreSubscription, newId } from '@linchpin/eventsourcing';
import { ContractContext, StoreUnderTest } from './event-store-contract/context';
import { describeReads } from './event-store-contract/reads';
import { describeSubscriptions } from './event-store-contract/subscriptions';
import { describeWrites } from './event-store-contract/writes';

export interface EventStoreUnderTest {
  store: StoreUnderTest;
  cleanup(): Promise<void>;
}

export type EventStoreFactory = () => Promise<EventStoreUnderTest>;

/**
 * The behaviour every EventStore adapter must show. Each test works in its own stream
 * category, so the suite also runs against a long-lived server that holds other data.
 */
export function describeEventStoreContract(name: string, factory: EventStoreFactory): void {
  describe(`EventStore contract: ${name}`, () => {
    let subject: EventStoreUnderTest;
    let category: string;
    const subscriptions: StoreSubscription[] = [];
    const ctx: ContractContext = {
      store: () => subject.store,
      category: () => category,
      stream: (id) => `${category}-${id}`,
      track: (after) => {
        const seen: RecordedEvent[] = [];
        const sub = subject.store.subscribeAll({ after, filter: { streamPrefixes: [`${category}-`] } }, async (e) => {
          seen.push(e);
        });
        subscriptions.push(sub);
        return { seen, sub };
      },
      subscriptions,
    };

    beforeEach(async () => {
      subject = await factory();
      category = `contract${newId().replace(/-/g, '').slice(0, 12)}`;
    });

    afterEach(async () => {
      await Promise.all(subscriptions.splice(0).map((s) => s.stop()));
      await subject.cleanup();
    });

    describeWrites(ctx);
    describeReads(ctx);
    describeSubscriptions(ctx);
  });
}

export { describeTimerContract, TimerStoreFactory, TimerStoreUnderTest } from './event-store-contract/timers';
export { describeLeaseContract, LeaseStore, LeaseStoresFactory, LeaseStoresUnderTest } from './event-store-contract/leases';
