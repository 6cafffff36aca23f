// Jest's globals, not an import of @jest/globals: this lib is also loaded outside Jest (benchmarks).
import { EventStore, newId } from '@linchpin/eventsourcing';

/** An instance of a store that has leases. */
export type LeaseStore = EventStore & { holdLease(name: string): Promise<boolean> };

/**
 * Instances on one storage, as replicas of a service open them: each `open()` is another instance
 * (another process) on the same storage. The suite closes what it opened.
 */
export interface LeaseStoresUnderTest {
  open(): Promise<LeaseStore>;
  /**
   * Cuts this instance, holder of `lease`, off from the storage (its connection killed, the server
   * unreachable to it); the lease's name is for a store that finds the connection by what it holds.
   */
  cutOff(store: LeaseStore, lease: string): Promise<void>;
  /**
   * Lets pass the time a lease outlives a holder that stopped renewing it without releasing it: a
   * time-bounded lease's TTL (a test clock moved on); nothing for a lease that ends with its session.
   */
  outliveLeases(): Promise<void>;
  cleanup(): Promise<void>;
}

export type LeaseStoresFactory = () => Promise<LeaseStoresUnderTest>;

/**
 * What `EventStore.holdLease` promises the relay and the delivery dispatcher (docs/architecture.md#replicas):
 * one holder at a time among instances on the same storage, kept by the holder while it asks, handed
 * over when the holder closes or can no longer reach the storage. Each test uses lease names of its
 * own, so the suite also runs against a server that holds other leases.
 */
export function describeLeaseContract(name: string, factory: LeaseStoresFactory): void {
  describe(`Lease contract: ${name}`, () => {
    let subject: LeaseStoresUnderTest;
    let lease: string;
    const opened: LeaseStore[] = [];
    const open = async () => {
      const store = await subject.open();
      opened.push(store);
      return store;
    };

    beforeEach(async () => {
      subject = await factory();
      lease = `contract-${newId().slice(0, 8)}`;
    });

    afterEach(async () => {
      await Promise.all(opened.splice(0).map((store) => store.close().catch(() => undefined)));
      await subject.cleanup();
    });

    it('gives a lease to one instance at a time', async () => {
      const [one, two, three] = [await open(), await open(), await open()];
      expect(await one.holdLease(lease)).toBe(true);
      expect(await two.holdLease(lease)).toBe(false);
      expect(await three.holdLease(lease)).toBe(false);
    });

    it('lets the holder keep it on repeated calls, and another name is another lease', async () => {
      const [one, two] = [await open(), await open()];
      expect(await one.holdLease(lease)).toBe(true);
      for (let i = 0; i < 5; i++) {
        expect(await one.holdLease(lease)).toBe(true);
        expect(await two.holdLease(lease)).toBe(false);
      }
      expect(await two.holdLease(`${lease}-other`)).toBe(true);
      expect(await one.holdLease(`${lease}-other`)).toBe(false);
    });

    it('hands it to another instance once the holder closes, without waiting for it to expire', async () => {
      const [one, two] = [await open(), await open()];
      expect(await one.holdLease(lease)).toBe(true);
      expect(await two.holdLease(lease)).toBe(false);
      await one.close();
      expect(await two.holdLease(lease)).toBe(true);
      expect(await two.holdLease(lease)).toBe(true);
      // A closed instance holds nothing.
      expect(await one.holdLease(lease)).toBe(false);
    });

    it('stops holding when the holder can no longer reach the storage; another instance takes it', async () => {
      const [one, two] = [await open(), await open()];
      expect(await one.holdLease(lease)).toBe(true);
      await subject.cutOff(one, lease);
      await subject.outliveLeases();
      expect(await two.holdLease(lease)).toBe(true);
      // The old holder, reconnected or not, finds it taken.
      expect(await one.holdLease(lease)).toBe(false);
      expect(await two.holdLease(lease)).toBe(true);
    });
  });
}
