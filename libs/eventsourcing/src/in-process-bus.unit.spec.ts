import { InProcessBus } from './in-process-bus';
import { NonRetryableMessageError, PublishedEvent } from './message-bus.port';
import { StoreUnavailableError } from './errors';
import { eventually } from './decider-spec';

const published = (n: number): PublishedEvent => ({
  id: `id-${n}`, type: 'Thing', schemaVersion: 1, data: { n },
  metadata: { correlationId: 'c', causationId: 'c', actor: 'test', occurredAt: '2026-01-01T00:00:00.000Z' },
  streamId: 's-1', revision: n, position: n + 1, recordedAt: '2026-01-01T00:00:00.000Z',
});

describe('InProcessBus', () => {
  it('lag: each group\'s queue per topic, messages held by an outage included, dead letters and a close not', async () => {
    const bus = new InProcessBus();
    let storeDown = true;
    await bus.subscribe({ group: 'held', topics: ['t'], handler: async () => { if (storeDown) throw new StoreUnavailableError('store down'); } });
    await bus.subscribe({ group: 'broken', topics: ['t', 'u'], maxAttempts: 1, handler: async () => { throw new Error('bad message'); } });
    const publishing = bus.publish('t', [1, 2, 3].map((n) => ({ key: 'k', event: published(n) })));
    await eventually('the broken group dead-lettered its messages', () => (bus.deadLetters.length === 3 ? true : undefined), 5_000);
    expect(await bus.lag()).toEqual([
      { group: 'held', topic: 't', messages: 3 },
      { group: 'broken', topic: 't', messages: 0 },
      { group: 'broken', topic: 'u', messages: 0 },
    ]);
    storeDown = false;
    await publishing;
    expect((await bus.lag()).map((l) => l.messages)).toEqual([0, 0, 0]);
    storeDown = true;
    const cut = bus.publish('t', [{ key: 'k', event: published(4) }]).catch(() => 'cut short');
    await bus.close();
    expect(await cut).toBe('cut short');
    expect(await bus.lag()).toEqual([]);
  });

  it('gives every group each message, in order, and publish resolves after they handled it', async () => {
    const bus = new InProcessBus();
    const a: number[] = [];
    const b: number[] = [];
    await bus.subscribe({ group: 'a', topics: ['t'], handler: async (e) => void a.push((e.data as { n: number }).n) });
    await bus.subscribe({ group: 'b', topics: ['t', 'u'], handler: async (e) => void b.push((e.data as { n: number }).n) });
    await bus.publish('t', [1, 2, 3].map((n) => ({ key: 'k', event: published(n) })));
    await bus.publish('u', [{ key: 'k', event: published(4) }]);
    expect(a).toEqual([1, 2, 3]);
    expect(b).toEqual([1, 2, 3, 4]);
  });

  it('handles one key in order and other keys meanwhile: a slow message holds back only its own key', async () => {
    const bus = new InProcessBus();
    const handled: string[] = [];
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await bus.subscribe({
      group: 'g',
      topics: ['t'],
      handler: async (e, { key }) => {
        const n = (e.data as { n: number }).n;
        if (n === 1) await held;
        handled.push(`${key}:${n}`);
      },
    });
    // Keys that hash to different lanes (of IN_PROCESS_LANES).
    const messages = [
      { key: 'slow', event: published(1) },
      { key: 'slow', event: published(2) },
      ...['a', 'b', 'c', 'd'].map((key, i) => ({ key, event: published(10 + i) })),
    ];
    const done = bus.publish('t', messages);
    await new Promise((resolve) => setImmediate(resolve));
    expect(handled.filter((h) => !h.startsWith('slow'))).not.toEqual([]);
    expect(handled.filter((h) => h.startsWith('slow'))).toEqual([]);
    release();
    await done;
    expect(handled.filter((h) => h.startsWith('slow'))).toEqual(['slow:1', 'slow:2']);
    expect(handled).toHaveLength(6);
  });

  it('retries a failing handler, then dead-letters the message with the reason and goes on', async () => {
    const letters: string[] = [];
    const bus = new InProcessBus((l) => letters.push(`${l.topic}:${l.group}:${l.reason}:${l.attempts}`));
    let calls = 0;
    const handled: number[] = [];
    await bus.subscribe({
      group: 'g', topics: ['t'], maxAttempts: 3,
      handler: async (e) => {
        const n = (e.data as { n: number }).n;
        if (n === 1) {
          calls++;
          throw new Error('poison');
        }
        handled.push(n);
      },
    });
    await bus.publish('t', [published(1), published(2)].map((event) => ({ key: 'k', event })));
    expect(calls).toBe(3);
    expect(letters).toEqual(['t.dlq:g:poison:3']);
    expect(handled).toEqual([2]);
  });

  it('holds a message while the store cannot be reached, in order, and never dead-letters it', async () => {
    const letters: string[] = [];
    const bus = new InProcessBus((l) => letters.push(l.reason));
    let outage = 3;
    const handled: number[] = [];
    await bus.subscribe({
      group: 'g', topics: ['t'], maxAttempts: 2,
      handler: async (e) => {
        if (outage > 0 && outage--) throw new StoreUnavailableError('connect ECONNREFUSED');
        handled.push((e.data as { n: number }).n);
      },
    });
    await bus.publish('t', [published(1), published(2)].map((event) => ({ key: 'k', event })));
    expect(handled).toEqual([1, 2]);
    expect(letters).toEqual([]);
  });

  it('lets close() end a delivery held by an outage: the publish fails (the relay keeps its checkpoint)', async () => {
    const bus = new InProcessBus();
    await bus.subscribe({ group: 'g', topics: ['t'], handler: async () => Promise.reject(new StoreUnavailableError('down')) });
    const publishing = bus.publish('t', [{ key: 'k', event: published(1) }]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await bus.close();
    await expect(publishing).rejects.toThrow();
    expect(bus.deadLetters).toEqual([]);
  });

  it('dead-letters a message its handler calls non-retryable at the first failure', async () => {
    const letters: string[] = [];
    const bus = new InProcessBus((l) => letters.push(`${l.group}:${l.reason}:${l.attempts}`));
    let calls = 0;
    await bus.subscribe({
      group: 'g', topics: ['t'], maxAttempts: 5,
      handler: async () => {
        calls++;
        throw new NonRetryableMessageError('/data/n: Expected string');
      },
    });
    await bus.publish('t', [{ key: 'k', event: published(1) }]);
    expect(calls).toBe(1);
    expect(letters).toEqual(['g:/data/n: Expected string:1']);
  });

  it('reports each group caught up: publish waits for it', async () => {
    const bus = new InProcessBus();
    await bus.subscribe({ group: 'g', topics: ['t'], handler: async () => undefined });
    expect(await bus.health()).toEqual({ connected: true, consumers: [{ group: 'g', status: 'up', state: 'caught-up', lag: 0 }] });
  });
});
