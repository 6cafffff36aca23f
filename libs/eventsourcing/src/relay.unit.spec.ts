import { EventEnvelope } from './event';
import { EventStore } from './event-store.port';
import { InMemoryEventStore } from './in-memory-event-store';
import { InProcessBus } from './in-process-bus';
import { MessageBus, OutgoingMessage, PublishedEvent } from './message-bus.port';
import { Relay } from './relay';

const event = (n: number, incidentId = 'inc-1'): EventEnvelope => ({
  id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  type: 'Thing',
  schemaVersion: 1,
  data: { n },
  metadata: { incidentId, correlationId: incidentId, causationId: 'test', actor: 'test', occurredAt: '2026-01-01T00:00:00.000Z' },
});

const until = async (condition: () => boolean) => {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(condition()).toBe(true);
};

describe('Relay', () => {
  it('publishes only its own streams, in order, keyed by incident, and resumes from its checkpoint', async () => {
    const store = new InMemoryEventStore();
    const bus = new InProcessBus();
    const seen: PublishedEvent[] = [];
    const keys: string[] = [];
    await bus.subscribe({ group: 'g', topics: ['t'], handler: async (e, c) => void (seen.push(e), keys.push(c.key)) });
    await store.append('own-1', [event(1), event(2)], 'no_stream');
    await store.append('other-1', [event(3)], 'no_stream');

    const options = { name: 'relay:test', store, bus, checkpoints: store, streamPrefixes: ['own-'], topic: 't', idleWaitMs: 5 };
    const relay = new Relay(options);
    relay.start();
    await until(() => seen.length === 2);
    await relay.stop();
    expect(seen.map((e) => (e.data as { n: number }).n)).toEqual([1, 2]);
    expect(keys).toEqual(['inc-1', 'inc-1']);

    await store.append('own-2', [event(4, 'inc-2')], 'no_stream');
    const restarted = new Relay(options);
    restarted.start();
    await until(() => seen.length === 3);
    await restarted.stop();
    expect(seen.map((e) => (e.data as { n: number }).n)).toEqual([1, 2, 4]);
  });

  it('keeps its checkpoint when the bus fails, and publishes once the bus is back', async () => {
    const store = new InMemoryEventStore();
    const published: OutgoingMessage[] = [];
    let down = true;
    const flakyBus: MessageBus = {
      publish: async (_topic, messages) => {
        if (down) throw new Error('broker down');
        published.push(...messages);
      },
      subscribe: async () => ({ stop: async () => undefined }),
      close: async () => undefined,
    };
    const errors: unknown[] = [];
    const relay = new Relay({
      name: 'relay:flaky', store, bus: flakyBus, checkpoints: store, streamPrefixes: ['own-'], topic: 't', idleWaitMs: 5,
      onError: (e) => errors.push(e),
    });
    await store.append('own-1', [event(1)], 'no_stream');
    relay.start();
    await until(() => errors.length >= 2);
    expect(await store.load('relay:flaky')).toBeUndefined();
    down = false;
    await until(() => published.length === 1);
    await relay.stop();
    expect(await store.load('relay:flaky')).toBe(1);
  });

  it('publishes at once when nudged, even when the append landed while it was reading', async () => {
    const store = new InMemoryEventStore();
    const bus = new InProcessBus();
    const seen: number[] = [];
    await bus.subscribe({ group: 'g', topics: ['t'], handler: async (e) => void seen.push((e.data as { n: number }).n) });
    // The first read is held open: it saw an empty log, and the append plus nudge come before it returns.
    let releaseRead: (() => void) | undefined;
    const readAll = store.readAll.bind(store);
    const gatedStore = Object.assign(Object.create(store) as InMemoryEventStore, {
      readAll: async (options: Parameters<InMemoryEventStore['readAll']>[0]) => {
        const page = await readAll(options);
        if (!releaseRead && seen.length === 0) await new Promise<void>((resolve) => (releaseRead = resolve));
        return page;
      },
    });
    // An idle wait far longer than the test's bound: only the nudge can publish in time.
    const relay = new Relay({ name: 'relay:nudged', store: gatedStore, bus, checkpoints: store, streamPrefixes: ['own-'], topic: 't', idleWaitMs: 60_000 });
    relay.start();
    try {
      await until(() => releaseRead !== undefined);
      await store.append('own-1', [event(1)], 'no_stream');
      relay.nudge();
      releaseRead!();
      await until(() => seen.length === 1);
      await store.append('own-2', [event(2, 'inc-2')], 'no_stream');
      relay.nudge();
      await until(() => seen.length === 2);
      expect(seen).toEqual([1, 2]);
    } finally {
      await relay.stop();
    }
  });

  it('saves its checkpoint at most once per interval under load, and the last position on stop', async () => {
    const store = new InMemoryEventStore();
    const bus = new InProcessBus();
    let published = 0;
    await bus.subscribe({ group: 'g', topics: ['t'], handler: async () => void published++ });
    const saves: number[] = [];
    const checkpoints = { load: async () => undefined, save: async (_: string, p: number) => void saves.push(p) };
    const relay = new Relay({
      name: 'relay:coalesced', store, bus, checkpoints, streamPrefixes: ['own-'], topic: 't',
      batchSize: 1, idleWaitMs: 5, checkpointIntervalMs: 60_000,
    });
    for (let i = 1; i <= 20; i++) await store.append(`own-${i}`, [event(i)], 'no_stream');
    relay.start();
    await until(() => published === 20);
    await relay.stop();
    expect(saves.length).toBeLessThanOrEqual(2);
    expect(saves[saves.length - 1]).toBe(20);
  });
  it('publishes from one replica at a time: the lease holder, and a replica that takes the lease over resumes from its checkpoint', async () => {
    const store = new InMemoryEventStore();
    let holder: string | undefined;
    // Replicas on one shared store: each sees the same storage, and the lease names one of them.
    const replica = (id: string): EventStore =>
      new Proxy(store, {
        get: (target, key: keyof InMemoryEventStore) =>
          key === ('holdLease' as string) ? async () => (holder ??= id) === id : typeof target[key] === 'function' ? (target[key] as () => unknown).bind(target) : target[key],
      });
    const bus = new InProcessBus();
    const seen: number[] = [];
    await bus.subscribe({ group: 'g', topics: ['t'], handler: async (e) => void seen.push((e.data as { n: number }).n) });
    const relayOf = (id: string) =>
      new Relay({ name: 'relay:replicas', store: replica(id), bus, checkpoints: store, streamPrefixes: ['own-'], topic: 't', idleWaitMs: 5, checkpointIntervalMs: 0 });
    const [a, b] = [relayOf('a'), relayOf('b')];
    holder = 'a';
    a.start();
    b.start();
    await store.append('own-1', [event(1), event(2)], 'no_stream');
    await until(() => seen.length === 2);
    for (let i = 0; i < 200 && (await store.load('relay:replicas')) !== 2; i++) await new Promise((r) => setTimeout(r, 5));

    // a dies: its lease is gone, b takes it and starts from a's checkpoint.
    await a.stop();
    holder = undefined;
    await store.append('own-2', [event(3, 'inc-2')], 'no_stream');
    await until(() => seen.length === 3);
    await b.stop();
    expect(seen).toEqual([1, 2, 3]);
  });
});
