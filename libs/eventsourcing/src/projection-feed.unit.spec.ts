import { EventEnvelope } from './event';
import { InMemoryEventStore } from './in-memory-event-store';
import { newId } from './ids';
import { EventStore } from './event-store.port';
import { FEED_TRUST_MS, ProjectionFeed } from './projection-feed';

const event = (n: number): EventEnvelope => ({
  id: newId(),
  type: 'Thing',
  schemaVersion: 1,
  data: { n },
  metadata: { correlationId: 'c', causationId: 'c', actor: 'test', occurredAt: '2026-01-01T00:00:00.000Z' },
});

describe('ProjectionFeed', () => {
  it('applies its own streams once each, in order, across pages and concurrent readers', async () => {
    const store = new InMemoryEventStore();
    const seen: number[] = [];
    const feed = new ProjectionFeed(store, ['own-'], (e) => void seen.push((e.data as { n: number }).n), 2);
    for (let i = 1; i <= 5; i++) await store.append(`own-${i}`, [event(i)], 'no_stream');
    await store.append('other-1', [event(99)], 'no_stream');
    await Promise.all([feed.current(), feed.current()]);
    expect(seen).toEqual([1, 2, 3, 4, 5]);
    await store.append('own-6', [event(6)], 'no_stream');
    await feed.current();
    expect(seen).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('reads again only once one of its streams was written, or after FEED_TRUST_MS for writes it is not told of', async () => {
    const store = new InMemoryEventStore();
    let reads = 0;
    let now = 0;
    let tell: (streams: readonly string[]) => void = () => undefined;
    // The store, with its readAll counted and its append notifications given by the test.
    const observed: EventStore = {
      ...bound(store),
      readAll: (options) => ((reads += 1), store.readAll(options)),
      onAppend: (listener) => ((tell = listener), () => undefined),
    };
    const seen: number[] = [];
    const feed = new ProjectionFeed(observed, ['own-'], (e) => void seen.push((e.data as { n: number }).n), 500, () => now);
    await feed.current();
    expect(reads).toBe(1);

    await store.append('other-1', [event(99)], 'no_stream');
    tell(['other-1']);
    await feed.current();
    expect(reads).toBe(1);

    await store.append('own-1', [event(1)], 'no_stream');
    tell(['other-2', 'own-1']);
    await feed.current();
    expect(seen).toEqual([1]);
    expect(reads).toBe(2);

    // Another process's write: nobody tells, so it is read once the trust has run out.
    await store.append('own-2', [event(2)], 'no_stream');
    now += FEED_TRUST_MS - 1;
    await feed.current();
    expect(seen).toEqual([1]);
    now += 1;
    await feed.current();
    expect(seen).toEqual([1, 2]);
  });

  it('reads on every call where the store tells of no appends', async () => {
    const store = new InMemoryEventStore();
    const plain: EventStore = { ...bound(store), onAppend: undefined };
    const seen: number[] = [];
    const feed = new ProjectionFeed(plain, ['own-'], (e) => void seen.push((e.data as { n: number }).n), 500, () => 0);
    await feed.current();
    await store.append('own-1', [event(1)], 'no_stream');
    await feed.current();
    expect(seen).toEqual([1]);
  });

  it('reads on every call on a store other processes write to, so a replica sees another replica\'s write at once', async () => {
    const store = new InMemoryEventStore();
    // It tells of this process's appends; the write below is another replica's, of which it tells nothing.
    const shared: EventStore = { ...bound(store), onAppend: () => () => undefined, shared: true };
    const seen: number[] = [];
    const feed = new ProjectionFeed(shared, ['own-'], (e) => void seen.push((e.data as { n: number }).n), 500, () => 0);
    await feed.current();
    await store.append('own-1', [event(1)], 'no_stream');
    await feed.current();
    expect(seen).toEqual([1]);
  });
});

const bound = (store: InMemoryEventStore): EventStore => ({
  append: (...a) => store.append(...a),
  readStream: (...a) => store.readStream(...a),
  readAll: (...a) => store.readAll(...a),
  subscribeAll: (...a) => store.subscribeAll(...a),
  close: () => store.close(),
});
