import { KafkaBroker, startKafka } from '@linchpin/testing';
import { KafkaBus, KafkaBusHealth } from './kafka-bus';
import { messagesFor, uniqueName, waitFor } from './spec/test-events';

jest.setTimeout(180_000);

/**
 * A subscription is registered at once and joins its group in the background; health() follows it
 * from `joining` through `catching-up` (with its lag) to `caught-up`.
 */
describe('KafkaBus consumer readiness (real broker)', () => {
  let broker: KafkaBroker;
  const buses: KafkaBus[] = [];

  beforeAll(async () => {
    broker = await startKafka();
  });
  afterAll(async () => {
    await Promise.all(buses.map((b) => b.close()));
    await broker?.stop();
  });

  it('reports a joined group catching up with its lag until the backlog is handled, then caught up for good', async () => {
    const topic = uniqueName('ready');
    const group = uniqueName('g');
    const producer = new KafkaBus({ brokers: broker.brokers, clientId: uniqueName('producer'), source: '/linchpin/test' });
    const bus = new KafkaBus({ brokers: broker.brokers, clientId: uniqueName('consumer'), source: '/linchpin/test' });
    buses.push(producer, bus);
    await producer.publish(topic, messagesFor(['inc-1'], 3));

    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let handled = 0;
    await bus.subscribe({
      group,
      topics: [topic],
      handler: async () => {
        await gate;
        handled++;
      },
    });
    // The join itself runs in the background; the e2e restart test shows subscribe returning long before it.
    const group0 = (h: KafkaBusHealth) => h.consumers.find((c) => c.group === group)!;
    let health = await bus.health();
    expect(health.consumers.map((c) => c.group)).toEqual([group]);
    for (const deadline = Date.now() + 60_000; group0(health).state === 'joining' && Date.now() < deadline; ) {
      await new Promise((r) => setTimeout(r, 200));
      health = await bus.health();
    }
    expect(group0(health)).toEqual({ group, status: 'down', state: 'catching-up', lag: 3, reason: 'lag 3' });
    expect(health.ready).toBe(false);

    release();
    await waitFor(() => handled === 3, 60_000, 'the backlog handled');
    for (const deadline = Date.now() + 30_000; group0(health).state !== 'caught-up' && Date.now() < deadline; ) {
      health = await bus.health();
      if (group0(health).state !== 'caught-up') await new Promise((r) => setTimeout(r, 200));
    }
    expect(group0(health)).toEqual({ group, status: 'up', state: 'caught-up', lag: 0 });
    expect(health).toMatchObject({ ready: true, connected: true });

    // More traffic after it caught up does not make it unready.
    await producer.publish(topic, messagesFor(['inc-1'], 2, 3));
    expect(group0(await bus.health())).toMatchObject({ status: 'up', state: 'caught-up' });
  });
});
