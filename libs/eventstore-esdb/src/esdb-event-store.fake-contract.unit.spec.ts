// The shared store contract run against the adapter over the in-memory fake of the client: it
// proves the adapter's own logic (the server's is proven by esdb-event-store.int.spec.ts where
// one can run).
import { ManualClock } from '@linchpin/eventsourcing';
import { LeaseStore, describeEventStoreContract, describeLeaseContract, describeTimerContract } from '@linchpin/testing';
import { EsdbEventStore } from './esdb-event-store';
import { FakeEsdbClient } from './spec/fake-esdb-client';
import { SeverableClient, severable } from './spec/severable-client';

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

describeLeaseContract('EsdbEventStore over a fake client', async () => {
  // Each open() is a replica with its own way to one server; leases expire by a clock the test moves.
  const fake = new FakeEsdbClient();
  const clock = new ManualClock();
  const leaseTtlMs = 10_000;
  const ways = new Map<LeaseStore, SeverableClient>();
  return {
    open: async () => {
      const way = severable(fake.asClient());
      const store = new EsdbEventStore({ connectionString: 'esdb://unused', client: way.client, leaseTtlMs, clock });
      ways.set(store, way);
      return store;
    },
    cutOff: async (store) => ways.get(store)?.cut(),
    outliveLeases: async () => clock.advance(leaseTtlMs),
    cleanup: async () => undefined,
  };
});
