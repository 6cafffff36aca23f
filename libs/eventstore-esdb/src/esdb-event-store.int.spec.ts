// Tests of an adapter run the shared contract suite; the adapter's runtime code never imports it.
import { RunningEsdb, describeEventStoreContract, describeTimerContract, esdbForTests, esdbTarget } from '@linchpin/testing';
import { EsdbEventStore } from './esdb-event-store';

const target = esdbTarget();

if (target.kind === 'none') {
  console.warn(target.reason);
  describe.skip(target.reason, () => {
    it('runs the EventStore contract against EventStoreDB / KurrentDB', () => undefined);
    it('runs the durable timers contract against EventStoreDB / KurrentDB', () => undefined);
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
}
