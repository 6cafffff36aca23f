import { InMemoryEventStore } from '@linchpin/eventsourcing';
import { describeEventStoreContract, describeTimerContract } from './event-store-contract';

describeEventStoreContract('InMemoryEventStore', async () => {
  const store = new InMemoryEventStore();
  return { store, cleanup: () => store.close() };
});

describeTimerContract('InMemoryEventStore', async () => {
  // One instance stands for every "process": a restart or a replica shares it, as the standalone process does.
  const store = new InMemoryEventStore();
  return { open: async () => store, separateInstances: false, cleanup: () => store.close() };
});
