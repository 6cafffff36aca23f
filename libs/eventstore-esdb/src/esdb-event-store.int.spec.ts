// Tests of an adapter run the shared contract suite; the adapter's runtime code never imports it.
import { EventStoreDBClient } from '@eventstore/db-client';
import { ManualClock } from '@linchpin/eventsourcing';
import { LeaseStore, RunningEsdb, describeEventStoreContract, describeLeaseContract, describeTimerContract, esdbForTests, esdbTarget } from '@linchpin/testing';
import { EsdbEventStore } from './esdb-event-store';
import { SeverableClient, severable } from './spec/severable-client';

const target = esdbTarget();

if (target.kind === 'none') {
  console.warn(target.reason);
  describe.skip(target.reason, () => {
    it('runs the EventStore contract against EventStoreDB / KurrentDB', () => undefined);
    it('runs the durable timers contract against EventStoreDB / KurrentDB', () => undefined);
    it('runs the lease contract against EventStoreDB / KurrentDB', () => undefined);
  });
} else {
  jest.setTimeout(180_000);
  let server: RunningEsdb;
  beforeAll(async () => {
    server = await esdbForTests(target);
  });
  afterAll(async () => {
    await server?.stop();
  });

  describeEventStoreContract(`EsdbEventStore (${target.kind === 'url' ? 'EVENTSTORE_URL' : 'testcontainers'})`, async () => {
    const store = new EsdbEventStore({ connectionString: server.connectionString });
    return { store, cleanup: () => store.close() };
  });

  describeTimerContract(`EsdbEventStore (${target.kind === 'url' ? 'EVENTSTORE_URL' : 'testcontainers'})`, async () => ({
    // Each open() is another client: a restarted process, or a replica on the same server.
    open: async () => new EsdbEventStore({ connectionString: server.connectionString }),
    separateInstances: true,
    cleanup: async () => undefined,
  }));

  describeLeaseContract(`EsdbEventStore (${target.kind === 'url' ? 'EVENTSTORE_URL' : 'testcontainers'})`, async () => {
    // Each open() is a replica with a client of its own; cut off, its calls fail as when the server is unreachable.
    // Leases expire by a clock the test moves (the server's own time plays no part).
    const clock = new ManualClock(new Date());
    const leaseTtlMs = 10_000;
    const ways = new Map<LeaseStore, SeverableClient>();
    return {
      open: async () => {
        const way = severable(EventStoreDBClient.connectionString(server.connectionString));
        const store = new EsdbEventStore({ connectionString: server.connectionString, client: way.client, leaseTtlMs, clock });
        ways.set(store, way);
        return store;
      },
      cutOff: async (store) => ways.get(store)?.cut(),
      outliveLeases: async () => clock.advance(leaseTtlMs),
      cleanup: async () => undefined,
    };
  });
}
