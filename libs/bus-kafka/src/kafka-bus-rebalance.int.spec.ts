import { KafkaBroker, startKafka } from '@linchpin/testing';
import { BusSubscription } from '@linchpin/eventsourcing';
import { KafkaBus } from './kafka-bus';
import { messagesFor, uniqueName, waitFor } from './spec/test-events';

jest.setTimeout(180_000);

/**
 * A second member joins the group and leaves again while messages flow. Delivery is at least
 * once, so a message may be seen twice around a rebalance, but every one of a known set must be
 * handled by the group, and each member must have taken part.
 */
describe('KafkaBus consumer group rebalance (real broker)', () => {
  let broker: KafkaBroker;
  const buses: KafkaBus[] = [];
  const newBus = (name: string) => {
    const bus = new KafkaBus({ brokers: broker.brokers, clientId: uniqueName(name), source: '/linchpin/test', partitions: 6 });
    buses.push(bus);
    return bus;
  };

  beforeAll(async () => {
    broker = await startKafka();
  });
  afterAll(async () => {
    await Promise.all(buses.map((b) => b.close()));
    await broker?.stop();
  });

  it('shares the partitions with a joining member and takes them all back when it leaves, losing none', async () => {
    const topic = uniqueName('rebalance');
    const group = uniqueName('g');
    const keys = Array.from({ length: 24 }, (_, i) => `inc-${i}`);
    const byA = new Map<string, number>();
    const byB = new Map<string, number>();
    const count = (m: Map<string, number>, id: string) => m.set(id, (m.get(id) ?? 0) + 1);
    const handledByGroup = (ids: string[]) => ids.filter((id) => byA.has(id) || byB.has(id)).length;

    const producer = newBus('producer');
    const a = newBus('a');
    await a.subscribe({ group, topics: [topic], handler: async (e) => void count(byA, e.id) });

    let revision = 0;
    const published: string[] = [];
    const publishRound = async () => {
      const messages = messagesFor(keys, 1, revision++);
      await producer.publish(topic, messages);
      published.push(...messages.map((m) => m.event.id));
    };

    // Phase 1: A alone handles everything.
    await publishRound();
    await waitFor(() => handledByGroup(published) === published.length, 60_000, 'A to handle the first round');
    expect(byB.size).toBe(0);

    // Phase 2: B joins; keep publishing until B has been given partitions and handled messages.
    const b = newBus('b');
    let subB: BusSubscription | undefined;
    subB = await b.subscribe({
      group,
      topics: [topic],
      handler: async (e) => void count(byB, e.id),
    });
    const deadline = Date.now() + 90_000;
    while (byB.size === 0 && Date.now() < deadline) {
      await publishRound();
      await new Promise((r) => setTimeout(r, 300));
    }
    expect(byB.size).toBeGreaterThan(0);
    const aBeforeLeave = byA.size;
    for (let i = 0; i < 5; i++) await publishRound();
    await waitFor(() => handledByGroup(published) === published.length, 60_000, 'the group to handle every message while both are members');
    // Both members took part while B was in the group.
    expect(byA.size).toBeGreaterThan(aBeforeLeave);

    // Phase 3: B leaves; A takes every partition back, including the keys B was handling.
    await subB.stop();
    subB = undefined;
    const afterLeave: string[] = [];
    for (let i = 0; i < 5; i++) {
      const messages = messagesFor(keys, 1, revision++);
      await producer.publish(topic, messages);
      afterLeave.push(...messages.map((m) => m.event.id));
      published.push(...messages.map((m) => m.event.id));
    }
    await waitFor(() => afterLeave.every((id) => byA.has(id)), 90_000, 'A to handle every message published after B left');
    expect(handledByGroup(published)).toBe(published.length);
    expect(published.length).toBe(new Set(published).size);
  });
});
