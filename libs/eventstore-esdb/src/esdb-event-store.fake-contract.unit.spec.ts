// The shared store contract run against the adapter over the in-memory fake of the client: it
// proves the adapter's own logic (the server's is proven by esdb-event-store.int.spec.ts where
// one can run).
import { describeEventStoreContract, describeTimerContract } from '@linchpin/testing';
import { EsdbEventStore } from './esdb-event-store';
import { FakeEsdbClient } from './spec/fake-esdb-client';

describeEventStoreContract('EsdbEventStore over a fake client', async () => {
  const store = new EsdbEventStore({ connectionString: 'esdb://unused', client: new FakeEsdbClient().asClient(), pageSize: 7 });
  return { store, cleanup: () => store.close() };
});

const shared = new FakeEsdbClient();
describeTimerContract('EsdbEventStore over a fake client', async () => ({
  open: async () => new EsdbEventStore({ connectionString: 'esdb://unused', client: shared.asClient() }),
  separateInstances: true,
  cleanup: async () => undefined,
}));
