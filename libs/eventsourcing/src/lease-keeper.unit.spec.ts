import { EventStore } from './event-store.port';
import { InMemoryEventStore } from './in-memory-event-store';
import { LeaseKeeper } from './lease-keeper';

const until = async (condition: () => boolean) => {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(condition()).toBe(true);
};

describe('LeaseKeeper', () => {
  it('holds at once on a store that only one process opens', () => {
    let taken = 0;
    const keeper = new LeaseKeeper({ store: new InMemoryEventStore(), name: 'work', checkEveryMs: 5, onTaken: () => taken++ });
    keeper.start();
    expect([keeper.held, taken]).toEqual([true, 1]);
    keeper.stop();
  });

  it('gives the work to one replica, and to the other when the holder is gone', async () => {
    let holder: string | undefined;
    const replica = (id: string) => ({ holdLease: async () => (holder ??= id) === id }) as unknown as EventStore;
    const taken: string[] = [];
    const [a, b] = ['a', 'b'].map((id) => new LeaseKeeper({ store: replica(id), name: 'work', checkEveryMs: 5, onTaken: () => taken.push(id) }));
    holder = 'a';
    a.start();
    b.start();
    await until(() => a.held);
    await new Promise((r) => setTimeout(r, 30));
    expect([a.held, b.held, taken]).toEqual([true, false, ['a']]);

    a.stop();
    holder = undefined;
    await until(() => b.held);
    expect(taken).toEqual(['a', 'b']);
    b.stop();
  });

  it('does not hold while the store cannot answer, and takes the lease again once it can', async () => {
    let down = false;
    const errors: unknown[] = [];
    const store = {
      holdLease: async () => {
        if (down) throw new Error('connection lost');
        return true;
      },
    } as unknown as EventStore;
    const keeper = new LeaseKeeper({ store, name: 'work', checkEveryMs: 5, onError: (e) => errors.push(e) });
    keeper.start();
    await until(() => keeper.held);
    down = true;
    await until(() => !keeper.held);
    expect(errors.length).toBeGreaterThan(0);
    down = false;
    await until(() => keeper.held);
    keeper.stop();
  });
});
