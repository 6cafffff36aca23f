import { CheckpointStore, EventStore, RecordedEvent, StoreSubscription } from '@linchpin/eventsourcing';

export type StoreUnderTest = EventStore & CheckpointStore;

/** What the contract's sections share; the store and category are fresh for every test. */
export interface ContractContext {
  store(): StoreUnderTest;
  /** This test's own stream category, so the suite runs against a server holding other data. */
  category(): string;
  stream(id: string): string;
  /** Subscribes to this test's category and collects what arrives; stopped after the test. */
  track(after?: number): { seen: RecordedEvent[]; sub: StoreSubscription };
  /** Subscriptions a test opened itself, stopped after it. */
  subscriptions: StoreSubscription[];
}
