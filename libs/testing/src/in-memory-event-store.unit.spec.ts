import { InMemoryEventStore } from '@linchpin/eventsourcing';
import { describeEventStoreContract } from './event-store-contract';

describeEventStoreContract('InMemoryEventStore', async () => {
  const store = new InMemoryEventStore();
  return { store, cleanup: () => store.close() };
});
