import { execSync } from 'node:child_process';
import { PrivateKafka, freePort, startPrivateKafka } from '@linchpin/testing';
import { KafkaBus } from './kafka-bus';
import { messagesFor, uniqueName, waitFor } from './spec/test-events';

jest.setTimeout(240_000);

// The broker is stopped and started again, so it must be this test's own: scripts/kafka.sh runs
// a private one on other ports, which needs a JDK and Maven.
const canRunScript = (() => {
  try {
    execSync('command -v java && command -v mvn', { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
if (!canRunScript) console.warn('skipping the broker-restart test: it needs java and mvn on the PATH to run a private broker');
const describeWithScript = canRunScript ? describe : describe.skip;

describeWithScript('KafkaBus across a broker restart (private broker)', () => {
  let broker: PrivateKafka | undefined;
  let bus: KafkaBus | undefined;

  afterAll(async () => {
    await bus?.close();
    await broker?.destroy();
  });

  it('keeps the same subscription consuming after the broker stops and starts again, losing nothing', async () => {
    broker = await startPrivateKafka(`restart-${process.pid}`, await freePort(), await freePort());
    bus = new KafkaBus({ brokers: broker.brokers, clientId: uniqueName('restart'), source: '/linchpin/test' });
    const topic = uniqueName('restart');
    const received = new Set<string>();
    await bus.subscribe({ group: uniqueName('g'), topics: [topic], handler: async (e) => void received.add(e.id) });

    const before = messagesFor(['inc-1', 'inc-2', 'inc-3'], 5);
    await bus.publish(topic, before);
    await waitFor(() => before.every((m) => received.has(m.event.id)), 60_000, 'the events published before the restart');

    await broker.stop();
    const down = await bus.health();
    expect(down.ready).toBe(false);
    expect(down.error).toBeDefined();
    await broker.start();

    const after = messagesFor(['inc-1', 'inc-2', 'inc-3'], 5, 5);
    await bus.publish(topic, after);
    await waitFor(() => after.every((m) => received.has(m.event.id)), 120_000, 'the events published after the restart');
    expect(received.size).toBe(before.length + after.length);
    expect(await bus.isReady()).toBe(true);
    // The next test stops the broker again: a bus left running would spend that outage reconnecting.
    await bus.close();
  });

  it('rejoins as the same member after an outage that crashed its consumer, so its join does not wait for a dead member to expire', async () => {
    broker ??= await startPrivateKafka(`restart-${process.pid}`, await freePort(), await freePort());
    const joins: string[] = [];
    let crashes = 0;
    const logger = {
      info: (message: string, meta?: Record<string, unknown>) => {
        if (message === 'consumer joined its group') joins.push(String(meta?.memberId));
      },
      warn: (message: string) => {
        if (message === 'consumer crashed') crashes++;
      },
      error: () => undefined,
    };
    const own = new KafkaBus({ brokers: broker.brokers, clientId: uniqueName('rejoin'), source: '/linchpin/test', logger, sessionTimeoutMs: 6_000 });
    try {
      const topic = uniqueName('rejoin');
      const received = new Set<string>();
      await own.subscribe({ group: uniqueName('g'), topics: [topic], handler: async (e) => void received.add(e.id) });
      const before = messagesFor(['inc-1'], 3);
      await own.publish(topic, before);
      await waitFor(() => before.every((m) => received.has(m.event.id)), 60_000, 'the events published before the outage');
      expect(joins).toHaveLength(1);

      // Down until the consumer crashed (it cannot leave its group: the broker is gone), and past its session.
      await broker.stop();
      await waitFor(() => crashes > 0, 60_000, 'the consumer to crash on the lost broker');
      await new Promise((resolve) => setTimeout(resolve, 7_000));
      await broker.start();

      await waitFor(() => joins.length > 1, 120_000, 'the consumer back in its group');
      // The coordinator reloaded the member from its log: the same id is let in at once; a new one
      // (kafkajs unpatched) waited until the old one's session expired.
      expect(joins[joins.length - 1]).toBe(joins[0]);
      const after = messagesFor(['inc-1'], 3, 3);
      await own.publish(topic, after);
      await waitFor(() => after.every((m) => received.has(m.event.id)), 60_000, 'the events published after the outage');
    } finally {
      await own.close();
    }
  });
});
