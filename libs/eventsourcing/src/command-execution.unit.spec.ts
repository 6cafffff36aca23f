import { executeCommand } from './command-execution';
import { Decider } from './decider';
import { DomainError } from './errors';
import { EventEnvelope } from './event';
import { EventStore } from './event-store.port';
import { InMemoryEventStore } from './in-memory-event-store';
import { newId } from './ids';
import { KeyedLock } from './keyed-lock';
import { StateCache } from './state-cache';

type Counter = { count: number };
const meta = { correlationId: 'c', causationId: 'c', actor: 'test', occurredAt: '2026-01-01T00:00:00.000Z' };
const counter: Decider<{ max: number }, Counter> = {
  initialState: { count: 0 },
  evolve: (s) => ({ count: s.count + 1 }),
  decide: (cmd, s) => {
    if (s.count >= cmd.max) throw new DomainError('full', 'counter is full');
    return [{ id: newId(), type: 'Incremented', schemaVersion: 1, data: {}, metadata: meta } as EventEnvelope];
  },
};

describe('executeCommand', () => {
  it('lets concurrent commands on one stream all land, each judged on the newest state', async () => {
    const store = new InMemoryEventStore();
    await Promise.all(Array.from({ length: 5 }, () => executeCommand(store, 'counter-1', counter, { max: 10 })));
    expect(await store.readStream('counter-1')).toHaveLength(5);
  });

  it('re-decides after a conflict, so a limit holds under concurrency', async () => {
    const store = new InMemoryEventStore();
    const results = await Promise.allSettled(Array.from({ length: 4 }, () => executeCommand(store, 'counter-2', counter, { max: 2 })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(2);
    expect(results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason.code)).toEqual(['full', 'full']);
  });

  it('gives up after the bounded retries when the stream keeps moving', async () => {
    const inner = new InMemoryEventStore();
    const alwaysConflicting: EventStore = {
      ...inner,
      readStream: (s, f) => inner.readStream(s, f),
      // Another writer always gets in between our read and our append.
      append: async (s, e, expected) => {
        await inner.append(s, [{ ...e[0], id: newId() }], 'any');
        return inner.append(s, e, expected);
      },
      readAll: (o) => inner.readAll(o),
      subscribeAll: (o, h) => inner.subscribeAll(o, h),
      close: () => inner.close(),
    };
    await expect(executeCommand(alwaysConflicting, 'counter-3', counter, { max: 100 }, { retries: 2 })).rejects.toMatchObject({
      code: 'concurrency_conflict',
    });
  });

  it('with a state cache, reads only the events appended since, and still sees other writers', async () => {
    const store = new InMemoryEventStore();
    const reads: number[] = [];
    const spied: EventStore = Object.assign(Object.create(store), {
      readStream: (stream: string, from?: number) => {
        reads.push(from ?? 0);
        return store.readStream(stream, from);
      },
    });
    const mine = new StateCache<Counter>();
    const theirs = new StateCache<Counter>();
    await executeCommand(spied, 'counter-4', counter, { max: 3 }, { cache: mine });
    await executeCommand(spied, 'counter-4', counter, { max: 3 }, { cache: mine });
    expect(reads).toEqual([0, 1]);
    await executeCommand(store, 'counter-4', counter, { max: 3 }, { cache: theirs }); // another process
    await expect(executeCommand(spied, 'counter-4', counter, { max: 3 }, { cache: mine })).rejects.toMatchObject({ code: 'full' });
    expect(reads).toEqual([0, 1, 2]);
    expect(mine.get('counter-4')).toEqual({ state: { count: 3 }, revision: 2 });
  });

  it('with a lock, commands on one stream take turns: no conflict, no retry', async () => {
    const store = new InMemoryEventStore();
    let appends = 0;
    const counting: EventStore = Object.assign(Object.create(store), {
      append: (...args: Parameters<EventStore['append']>) => {
        appends++;
        return store.append(...args);
      },
    });
    const lock = new KeyedLock();
    await Promise.all(Array.from({ length: 20 }, () => executeCommand(counting, 'counter-5', counter, { max: 100 }, { lock })));
    expect(appends).toBe(20);
    expect(await store.readStream('counter-5')).toHaveLength(20);
    expect(lock.size).toBe(0);
  });
});
