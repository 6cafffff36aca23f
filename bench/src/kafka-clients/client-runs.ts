import { performance } from 'node:perf_hooks';
import { Kafka, logLevel } from 'kafkajs';
import { Consumer, MessagesStreamFallbackModes, MessagesStreamModes, ProduceAcks, Producer } from '@platformatic/kafka';

export interface Message {
  key: string;
  value: Buffer;
}

/** One client's produce and consume of the same messages; rates in msgs/s, join = ms until the first message. */
export interface ClientRun {
  produce: number;
  consume: number;
  joinMs: number;
}

export interface RunSpec {
  brokers: string[];
  topic: string;
  group: string;
  messages: Message[];
  batch: number;
}

const rate = (count: number, ms: number): number => (count * 1000) / ms;
const CONSUME_TIMEOUT_MS = 120_000;

/** A fresh topic with 3 partitions (created with kafkajs's admin for both clients; not timed). */
export async function createTopic(brokers: string[], topic: string): Promise<void> {
  const admin = new Kafka({ clientId: 'bench-admin', brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    // kafkajs' own waitForLeaders gives up while the broker's metadata lags the controller.
    await admin.createTopics({ topics: [{ topic, numPartitions: 3, replicationFactor: 1 }], waitForLeaders: false });
    const deadline = Date.now() + 30_000;
    for (;;) {
      const partitions = await admin
        .fetchTopicMetadata({ topics: [topic] })
        .then(({ topics }) => topics[0]?.partitions ?? [])
        .catch(() => []);
      if (partitions.length === 3 && partitions.every((p) => p.leader >= 0)) return;
      if (Date.now() > deadline) throw new Error(`topic ${topic} has no leader after 30 s`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    await admin.disconnect();
  }
}

export async function deleteTopic(brokers: string[], topic: string): Promise<void> {
  const admin = new Kafka({ clientId: 'bench-admin', brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    await admin.deleteTopics({ topics: [topic] });
  } catch {
    // A topic left behind costs disk only; it never skews the next measurement (fresh name).
  } finally {
    await admin.disconnect();
  }
}

/** Resolves when `done()` is called, rejects after the timeout. */
function completion(what: string): { promise: Promise<void>; done: () => void; fail: (error: unknown) => void } {
  let done!: () => void;
  let fail!: (error: unknown) => void;
  const promise = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what}: not every message read within ${CONSUME_TIMEOUT_MS} ms`)), CONSUME_TIMEOUT_MS);
    done = () => {
      clearTimeout(timer);
      resolve();
    };
    fail = (error) => {
      clearTimeout(timer);
      reject(error);
    };
  });
  return { promise, done, fail };
}

export async function runKafkaJs({ brokers, topic, group, messages, batch }: RunSpec): Promise<ClientRun> {
  const kafka = new Kafka({ clientId: 'bench-kafkajs', brokers, logLevel: logLevel.NOTHING });
  const producer = kafka.producer();
  await producer.connect();
  let produce: number;
  try {
    const started = performance.now();
    for (let i = 0; i < messages.length; i += batch) await producer.send({ topic, acks: -1, messages: messages.slice(i, i + batch) });
    produce = rate(messages.length, performance.now() - started);
  } finally {
    await producer.disconnect();
  }

  const consumer = kafka.consumer({ groupId: group });
  const all = completion('kafkajs');
  let read = 0;
  let first = 0;
  let last = 0;
  const started = performance.now();
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      eachMessage: async () => {
        if (read === 0) first = performance.now();
        if (++read === messages.length) {
          last = performance.now();
          all.done();
        }
      },
    });
    await all.promise;
  } finally {
    await consumer.disconnect();
  }
  return { produce, consume: rate(messages.length - 1, last - first), joinMs: first - started };
}

export async function runPlatformatic({ brokers, topic, group, messages, batch }: RunSpec): Promise<ClientRun> {
  const producer = new Producer({ clientId: 'bench-platformatic', bootstrapBrokers: brokers, acks: ProduceAcks.ALL });
  let produce: number;
  try {
    const started = performance.now();
    for (let i = 0; i < messages.length; i += batch) {
      await producer.send({ acks: ProduceAcks.ALL, messages: messages.slice(i, i + batch).map(({ key, value }) => ({ topic, key: Buffer.from(key), value })) });
    }
    produce = rate(messages.length, performance.now() - started);
  } finally {
    await producer.close();
  }

  const consumer = new Consumer({ clientId: 'bench-platformatic', groupId: group, bootstrapBrokers: brokers });
  let read = 0;
  let first = 0;
  let last = 0;
  const started = performance.now();
  try {
    const stream = await consumer.consume({ topics: [topic], mode: MessagesStreamModes.COMMITTED, fallbackMode: MessagesStreamFallbackModes.EARLIEST });
    const all = completion('@platformatic/kafka');
    stream.on('data', () => {
      if (read === 0) first = performance.now();
      if (++read === messages.length) {
        last = performance.now();
        all.done();
      }
    });
    stream.on('error', all.fail);
    await all.promise;
    await stream.close();
  } finally {
    await consumer.close(true);
  }
  return { produce, consume: rate(messages.length - 1, last - first), joinMs: first - started };
}
