import { KafkaBroker, eventually, startKafka } from '@linchpin/testing';
import { PublishedEvent, StoreUnavailableError, deadLetterTopicOf } from '@linchpin/eventsourcing';
import { ConfigResourceTypes, Kafka, logLevel } from 'kafkajs';
import { KafkaBus } from './kafka-bus';
import { readRaw, text } from './spec/raw-reader';
import { messagesFor, recordedEvent, uniqueName, waitFor } from './spec/test-events';

jest.setTimeout(120_000);

describe('KafkaBus on a real broker', () => {
  let broker: KafkaBroker;
  const buses: KafkaBus[] = [];
  const newBus = () => {
    const bus = new KafkaBus({ brokers: broker.brokers, clientId: uniqueName('client'), source: '/linchpin/test', retryBackoffMs: 20 });
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

  it('publishes CloudEvents binary-mode records that a group consumes as recorded events', async () => {
    const bus = newBus();
    const topic = uniqueName('ce');
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const event = recordedEvent('inc-42', 0, { traceparent });
    await bus.publish(topic, [{ key: 'inc-42', event }]);

    const [raw] = await readRaw(broker.brokers, topic, 1);
    const h = raw.message.headers ?? {};
    expect(raw.message.key?.toString()).toBe('inc-42');
    expect(JSON.parse(raw.message.value!.toString())).toEqual(event);
    expect({
      id: text(h.ce_id),
      type: text(h.ce_type),
      source: text(h.ce_source),
      time: text(h.ce_time),
      subject: text(h.ce_subject),
      specversion: text(h.ce_specversion),
      contentType: text(h['content-type']),
      traceparent: text(h.traceparent),
    }).toEqual({
      id: event.id,
      type: 'IncidentNoteAdded',
      source: '/linchpin/test',
      time: event.metadata.occurredAt,
      subject: 'response-inc-42',
      specversion: '1.0',
      contentType: 'application/json',
      traceparent,
    });

    const received: PublishedEvent[] = [];
    await bus.subscribe({ group: uniqueName('g'), topics: [topic], handler: async (e) => void received.push(e) });
    await waitFor(() => received.length === 1, 60_000, 'the event');
    expect(received[0]).toEqual(event);
    expect(await bus.isReady()).toBe(true);
  });

  it('creates a topic that keeps its events for good, so a group that joins later still reads them all', async () => {
    const topic = uniqueName('kept');
    await newBus().publish(topic, [{ key: 'inc-1', event: recordedEvent('inc-1', 0) }]);
    const admin = new Kafka({ brokers: broker.brokers, logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    try {
      const { resources } = await admin.describeConfigs({ resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configNames: ['retention.ms'] }], includeSynonyms: false });
      expect(resources[0].configEntries).toEqual([expect.objectContaining({ configName: 'retention.ms', configValue: '-1' })]);
    } finally {
      await admin.disconnect();
    }
  });

  it("keeps each key's events in order", async () => {
    const bus = newBus();
    const topic = uniqueName('order');
    const keys = Array.from({ length: 8 }, (_, i) => `inc-${i}`);
    const seen = new Map<string, number[]>();
    await bus.subscribe({
      group: uniqueName('g'),
      topics: [topic],
      handler: async (e, ctx) => {
        seen.set(ctx.key, [...(seen.get(ctx.key) ?? []), e.revision]);
      },
    });
    // Several publishes, so order must hold across produce requests too.
    for (let batch = 0; batch < 5; batch++) await bus.publish(topic, messagesFor(keys, 10, batch * 10));
    const distinct = () => [...seen.values()].reduce((sum, revisions) => sum + new Set(revisions).size, 0);
    await waitFor(() => distinct() >= keys.length * 50, 60_000, 'all 400 events');
    for (const key of keys) {
      const revisions = seen.get(key)!;
      // At least once: a rebalance before a commit (the topic's creation may cause one) replays from the last committed
      // offset. A replay goes back and runs forward again; nothing is ever skipped or taken out of order.
      for (let i = 1; i < revisions.length; i++) if (revisions[i] !== revisions[i - 1] + 1) expect(revisions[i]).toBeLessThanOrEqual(revisions[i - 1]);
      expect([...new Set(revisions)]).toEqual(Array.from({ length: 50 }, (_, i) => i));
    }
  });

  it('dead-letters a message that keeps failing, with the reason, and goes on with the next ones', async () => {
    const bus = newBus();
    const topic = uniqueName('dlq');
    const group = uniqueName('g');
    const poison = recordedEvent('inc-1', 1);
    const attempts: number[] = [];
    const handled: string[] = [];
    await bus.subscribe({
      group,
      topics: [topic],
      maxAttempts: 3,
      handler: async (e, ctx) => {
        if (e.id === poison.id) {
          attempts.push(ctx.attempt);
          throw new Error('projection rejected it');
        }
        handled.push(e.id);
      },
    });
    const before = recordedEvent('inc-1', 0);
    const after = [recordedEvent('inc-1', 2), recordedEvent('inc-1', 3)];
    await bus.publish(topic, [before, poison, ...after].map((event) => ({ key: 'inc-1', event })));

    await waitFor(() => handled.length === 3, 60_000, 'the messages around the poison one');
    expect(handled).toEqual([before.id, after[0].id, after[1].id]);
    expect(attempts).toEqual([1, 2, 3]);

    const [letter] = await readRaw(broker.brokers, deadLetterTopicOf(topic), 1);
    const h = letter.message.headers ?? {};
    expect(JSON.parse(letter.message.value!.toString())).toEqual(poison);
    expect(letter.message.key?.toString()).toBe('inc-1');
    expect(text(h.dlq_reason)).toBe('projection rejected it');
    expect(text(h.dlq_group)).toBe(group);
    expect(text(h.dlq_attempts)).toBe('3');
    expect(text(h.dlq_topic)).toBe(topic);
    expect(text(h.ce_id)).toBe(poison.id);
    expect(text(h.ce_type)).toBe('IncidentNoteAdded');
  });

  it('holds a partition while the store cannot be reached, never dead-letters it, and goes on in order once it is back', async () => {
    const bus = newBus();
    const topic = uniqueName('outage');
    const group = uniqueName('g');
    const events = [recordedEvent('inc-1', 0), recordedEvent('inc-1', 1), recordedEvent('inc-1', 2)];
    let outage = 4;
    const handled: string[] = [];
    await bus.subscribe({
      group,
      topics: [topic],
      maxAttempts: 2,
      handler: async (e) => {
        if (e.id === events[1].id && outage > 0 && outage--) throw new StoreUnavailableError('connect ECONNREFUSED 127.0.0.1:5432');
        handled.push(e.id);
      },
    });
    await bus.publish(topic, events.map((event) => ({ key: 'inc-1', event })));
    await waitFor(() => handled.length === 3, 60_000, 'the messages after the outage');
    expect(handled).toEqual(events.map((e) => e.id));
    expect(outage).toBe(0);
    expect(await readRaw(broker.brokers, deadLetterTopicOf(topic), 1, 3_000).catch(() => [])).toEqual([]);
  });

  it("reports, on the producer's side, the growing backlog of a group whose consumers are all gone", async () => {
    const producer = newBus();
    const topic = uniqueName('readers');
    const group = uniqueName('reader');
    const reader = newBus();
    const handled: number[] = [];
    const sub = await reader.subscribe({ group, topics: [topic], handler: async (e) => void handled.push(e.revision) });
    await producer.publish(topic, messagesFor(['inc-1'], 2));
    await waitFor(() => handled.length === 2, 60_000, 'the first two');
    await sub.stop();

    // The reader is gone: only the producer, which runs no consumer of its own, can report the group's backlog.
    await producer.publish(topic, messagesFor(['inc-1'], 3, 2));
    const lag = async () => (await producer.lag()).find((l) => l.group === group && l.topic === topic)?.messages;
    await eventually('a backlog of 3', async () => ((await lag()) === 3 ? true : undefined), 30_000);
    await producer.publish(topic, messagesFor(['inc-1'], 1, 5));
    await eventually('a backlog of 4', async () => ((await lag()) === 4 ? true : undefined), 30_000);
  });

  it('commits only what was handled: a new member of the group resumes after the last handled message', async () => {
    const topic = uniqueName('commit');
    const group = uniqueName('g');
    const first = newBus();
    const handled: number[] = [];
    const sub = await first.subscribe({ group, topics: [topic], handler: async (e) => void handled.push(e.revision) });
    await first.publish(topic, messagesFor(['inc-1'], 5));
    await waitFor(() => handled.length === 5, 60_000, 'the first five');
    await sub.stop();

    await first.publish(topic, messagesFor(['inc-1'], 5, 5));
    const resumed: number[] = [];
    await newBus().subscribe({ group, topics: [topic], handler: async (e) => void resumed.push(e.revision) });
    await waitFor(() => resumed.length >= 5, 60_000, 'the next five');
    expect(resumed).toEqual([5, 6, 7, 8, 9]);
  });
  it('keeps a prefixed environment on its own topics, and hands handlers the unprefixed name', async () => {
    const prefix = `${uniqueName('env')}.`;
    const prefixed = new KafkaBus({ brokers: broker.brokers, clientId: uniqueName('client'), source: '/linchpin/test', topicPrefix: prefix });
    buses.push(prefixed);
    const topic = uniqueName('prefixed');
    const event = recordedEvent('inc-7', 0);
    await prefixed.publish(topic, [{ key: 'inc-7', event }]);

    const [raw] = await readRaw(broker.brokers, `${prefix}${topic}`, 1);
    expect(JSON.parse(raw.message.value!.toString())).toEqual(event);

    const topics: string[] = [];
    await prefixed.subscribe({ group: uniqueName('g'), topics: [topic], handler: async (_e, c) => void topics.push(c.topic) });
    await waitFor(() => topics.length === 1, 60_000, 'the prefixed event');
    expect(topics).toEqual([topic]);
  });

  it('keeps two environments with the same group names apart: each prefix is its own consumer group on the broker', async () => {
    const topic = uniqueName('shared-name');
    const group = uniqueName('triage');
    const environments = [`${uniqueName('blue')}.`, `${uniqueName('green')}.`].map((prefix) => {
      const bus = new KafkaBus({ brokers: broker.brokers, clientId: uniqueName('client'), source: '/linchpin/test', topicPrefix: prefix });
      buses.push(bus);
      return { prefix, bus, received: [] as string[] };
    });
    for (const env of environments) {
      await env.bus.subscribe({ group, topics: [topic], handler: async (e) => void env.received.push(e.id) });
    }
    const blue = recordedEvent('inc-b', 0);
    const green = recordedEvent('inc-g', 0);
    await environments[0].bus.publish(topic, [{ key: 'inc-b', event: blue }]);
    await environments[1].bus.publish(topic, [{ key: 'inc-g', event: green }]);
    await waitFor(() => environments.every((e) => e.received.length === 1), 60_000, 'each environment its own event');
    expect(environments.map((e) => e.received)).toEqual([[blue.id], [green.id]]);

    // Both groups are on the broker under their prefixed ids, and their health still names the group as the service does.
    const admin = new Kafka({ clientId: uniqueName('admin'), brokers: broker.brokers, logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    const groupIds = (await admin.listGroups()).groups.map((g) => g.groupId);
    await admin.disconnect();
    expect(groupIds).toEqual(expect.arrayContaining(environments.map((e) => `${e.prefix}${group}`)));
    expect(groupIds).not.toContain(group);
    expect((await environments[0].bus.health()).consumers.map((c) => c.group)).toEqual([group]);
  });
});
