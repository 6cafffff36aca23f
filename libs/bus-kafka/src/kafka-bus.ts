import {
  Admin,
  Consumer,
  Kafka,
  KafkaMessage,
  LogEntry,
  Partitioners,
  Producer,
  logLevel as KafkaLogLevel,
} from 'kafkajs';
import {
  BusSubscription,
  DEFAULT_MAX_ATTEMPTS,
  MessageBus,
  OutgoingMessage,
  SubscribeToBusOptions,
  deadLetterTopicOf,
} from '@linchpin/eventsourcing';
import { decodeEvent, encodeEvent, headersAsText } from './cloudevents-codec';
import { KafkaBusLogger, KafkaLogLevelName, consoleLogger, toKafkaLogLevel } from './kafka-bus-logger';
import { TopicCreator } from './topic-creator';

export interface KafkaBusOptions {
  brokers: string[];
  clientId: string;
  /** CloudEvents `source` of what this process publishes, e.g. `/linchpin/detection`. */
  source: string;
  /**
   * Prepended to every topic on the broker (`<prefix>linchpin.detection.events`), so several
   * environments or test runs can share a cluster; handlers still see the unprefixed name.
   */
  topicPrefix?: string;
  /** Partitions of a topic the bus creates. Default 3. */
  partitions?: number;
  /** Replication factor of a topic the bus creates. Default 1. */
  replicationFactor?: number;
  logger?: KafkaBusLogger;
  /** kafkajs' own log lines, routed to `logger`. Default `warn` with a logger, `nothing` without. */
  kafkaLogLevel?: KafkaLogLevelName;
  /** Pause between two attempts of a failing handler; grows linearly per attempt. Default 100 ms. */
  retryBackoffMs?: number;
  /** Longest the broker waits to fill a fetch: the floor of delivery latency. Default 50 ms. */
  maxWaitTimeInMs?: number;
  sessionTimeoutMs?: number;
  heartbeatIntervalMs?: number;
  /** Pause before the bus rebuilds a consumer that kafkajs gave up on. Default 1000 ms. */
  consumerRestartDelayMs?: number;
}

export interface KafkaBusHealth {
  ready: boolean;
  /** Brokers the cluster reported, when it answered. */
  brokers?: number;
  error?: string;
  subscriptions: { group: string; running: boolean; restarts: number }[];
}

/** Headers a dead letter carries next to the original ones. */
export const DLQ_HEADERS = {
  reason: 'dlq_reason',
  group: 'dlq_group',
  attempts: 'dlq_attempts',
  topic: 'dlq_topic',
  partition: 'dlq_partition',
  offset: 'dlq_offset',
} as const;

/**
 * MessageBus on Apache Kafka through kafkajs (DESIGN.md "Messaging"). Delivery is at least once:
 * an offset is committed only after its message was handled or dead-lettered.
 */
export class KafkaBus implements MessageBus {
  private readonly kafka: Kafka;
  private readonly logger: KafkaBusLogger;
  private readonly admin: Admin;
  private readonly producer: Producer;
  private readonly topics: TopicCreator;
  private connecting?: Promise<void>;
  private readonly subscriptions = new Set<KafkaSubscription>();
  private closed = false;

  constructor(private readonly options: KafkaBusOptions) {
    this.logger = options.logger ?? consoleLogger;
    const logLevel = toKafkaLogLevel(options.kafkaLogLevel ?? (options.logger ? 'warn' : 'nothing'));
    this.kafka = new Kafka({
      clientId: options.clientId,
      brokers: options.brokers,
      logLevel,
      logCreator: () => (entry: LogEntry) => this.logKafka(entry),
      // Ride out a broker restart: keep retrying for ~30 s before an operation fails.
      retry: { initialRetryTime: 200, maxRetryTime: 5_000, retries: 10 },
      connectionTimeout: 3_000,
    });
    this.admin = this.kafka.admin();
    this.producer = this.kafka.producer({
      createPartitioner: Partitioners.DefaultPartitioner,
      allowAutoTopicCreation: false,
      // One request in flight keeps a key's messages in order across retries.
      maxInFlightRequests: 1,
    });
    this.topics = new TopicCreator(this.admin, options.partitions ?? 3, options.replicationFactor ?? 1);
  }

  async publish(topic: string, messages: OutgoingMessage[]): Promise<void> {
    if (messages.length === 0) return;
    await this.connect();
    const physical = this.physical(topic);
    await this.topics.ensure([physical]);
    await this.producer.send({
      topic: physical,
      acks: -1,
      messages: messages.map((m) => ({ key: m.key, ...encodeEvent(m.event, this.options.source) })),
    });
  }

  async subscribe(requested: SubscribeToBusOptions): Promise<BusSubscription> {
    await this.connect();
    const prefix = this.options.topicPrefix ?? '';
    const options: SubscribeToBusOptions = {
      ...requested,
      topics: requested.topics.map((t) => this.physical(t)),
      handler: (event, context) => requested.handler(event, { ...context, topic: context.topic.slice(prefix.length) }),
    };
    await this.topics.ensure([...options.topics, ...options.topics.map(deadLetterTopicOf)]);
    const subscription = new KafkaSubscription(this.kafka, options, this.options, this.logger, (letter) =>
      this.deadLetter(letter),
    );
    this.subscriptions.add(subscription);
    try {
      await subscription.start();
    } catch (error) {
      this.subscriptions.delete(subscription);
      await subscription.stop();
      throw error;
    }
    return {
      stop: async () => {
        this.subscriptions.delete(subscription);
        await subscription.stop();
      },
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.allSettled([...this.subscriptions].map((s) => s.stop()));
    this.subscriptions.clear();
    if (this.connecting) {
      await this.connecting.catch(() => undefined);
      await Promise.allSettled([this.producer.disconnect(), this.admin.disconnect()]);
    }
  }

  async health(): Promise<KafkaBusHealth> {
    const subscriptions = [...this.subscriptions].map((s) => s.status());
    try {
      const cluster = await withTimeout(
        this.connect().then(() => this.admin.describeCluster()),
        3_000,
        'Kafka cluster description',
      );
      const idle = subscriptions.filter((s) => !s.running).map((s) => s.group);
      if (cluster.brokers.length === 0) return { ready: false, brokers: 0, error: 'no broker in the cluster', subscriptions };
      if (idle.length > 0) {
        return { ready: false, brokers: cluster.brokers.length, error: `not in its group yet: ${idle.join(', ')}`, subscriptions };
      }
      return { ready: true, brokers: cluster.brokers.length, subscriptions };
    } catch (error) {
      return { ready: false, error: (error as Error).message, subscriptions };
    }
  }

  async isReady(): Promise<boolean> {
    return (await this.health()).ready;
  }

  private physical(topic: string): string {
    return `${this.options.topicPrefix ?? ''}${topic}`;
  }

  private connect(): Promise<void> {
    if (this.closed) return Promise.reject(new Error('KafkaBus is closed'));
    if (!this.connecting) {
      this.connecting = Promise.all([this.admin.connect(), this.producer.connect()]).then(() => undefined);
      // A failed first connection is retried on the next call instead of being cached.
      this.connecting.catch(() => (this.connecting = undefined));
    }
    return this.connecting;
  }

  private async deadLetter(letter: DeadLetterRecord): Promise<void> {
    const topic = deadLetterTopicOf(letter.topic);
    await this.topics.ensure([topic]);
    await this.producer.send({
      topic,
      acks: -1,
      messages: [
        {
          key: letter.message.key,
          value: letter.message.value,
          headers: {
            ...headersAsText(letter.message.headers),
            [DLQ_HEADERS.reason]: letter.reason,
            [DLQ_HEADERS.group]: letter.group,
            [DLQ_HEADERS.attempts]: String(letter.attempts),
            [DLQ_HEADERS.topic]: letter.topic,
            [DLQ_HEADERS.partition]: String(letter.partition),
            [DLQ_HEADERS.offset]: letter.message.offset,
          },
        },
      ],
    });
    this.logger.warn('message dead-lettered', {
      topic: letter.topic,
      partition: letter.partition,
      offset: letter.message.offset,
      group: letter.group,
      reason: letter.reason,
    });
  }

  private logKafka(entry: LogEntry): void {
    const { message, ...meta } = entry.log;
    const line = `kafkajs ${entry.namespace}: ${message}`;
    if (entry.level <= KafkaLogLevel.ERROR) this.logger.error(line, meta);
    else if (entry.level === KafkaLogLevel.WARN) this.logger.warn(line, meta);
    else if (entry.level === KafkaLogLevel.INFO) this.logger.info(line, meta);
    else this.logger.debug?.(line, meta);
  }
}

interface DeadLetterRecord {
  topic: string;
  partition: number;
  group: string;
  message: KafkaMessage;
  reason: string;
  attempts: number;
}

/**
 * One consumer group member. kafkajs restarts its consumer after a retriable crash but stops for
 * good after a non-retriable one (e.g. a coordinator error it does not classify, or a commit
 * refused during a rebalance): then this rebuilds the consumer, so a subscription never goes
 * silently dead (kafkajs #659, #1527).
 */
class KafkaSubscription {
  private consumer?: Consumer;
  private stopping = false;
  private running = false;
  private restarts = 0;
  private restartTimer?: NodeJS.Timeout;

  constructor(
    private readonly kafka: Kafka,
    private readonly options: SubscribeToBusOptions,
    private readonly busOptions: KafkaBusOptions,
    private readonly logger: KafkaBusLogger,
    private readonly deadLetter: (letter: DeadLetterRecord) => Promise<void>,
  ) {}

  status(): { group: string; running: boolean; restarts: number } {
    return { group: this.options.group, running: this.running, restarts: this.restarts };
  }

  async start(): Promise<void> {
    const consumer = this.kafka.consumer({
      groupId: this.options.group,
      maxWaitTimeInMs: this.busOptions.maxWaitTimeInMs ?? 50,
      sessionTimeout: this.busOptions.sessionTimeoutMs ?? 30_000,
      heartbeatInterval: this.busOptions.heartbeatIntervalMs ?? 1_000,
      allowAutoTopicCreation: false,
      retry: { initialRetryTime: 200, maxRetryTime: 5_000, retries: 10, restartOnFailure: async () => !this.stopping },
    });
    this.consumer = consumer;
    consumer.on(consumer.events.GROUP_JOIN, () => (this.running = true));
    consumer.on(consumer.events.CRASH, (event) => {
      this.running = false;
      this.logger.warn('consumer crashed', {
        group: this.options.group,
        error: event.payload.error.message,
        kafkajsRestarts: event.payload.restart,
      });
      if (!event.payload.restart && !this.stopping) this.scheduleRebuild(consumer);
    });
    consumer.on(consumer.events.STOP, () => (this.running = false));

    await consumer.connect();
    await consumer.subscribe({ topics: this.options.topics, fromBeginning: this.options.fromBeginning ?? true });
    await consumer.run({
      autoCommit: false,
      partitionsConsumedConcurrently: 1,
      eachMessage: async ({ topic, partition, message, heartbeat }) => {
        await this.handle(topic, partition, message, heartbeat);
        // Commit after the message is handled or dead-lettered, never before (at least once).
        await consumer.commitOffsets([{ topic, partition, offset: (BigInt(message.offset) + 1n).toString() }]);
      },
    });
  }

  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    this.running = false;
    await this.consumer?.disconnect().catch(() => undefined);
  }

  private scheduleRebuild(crashed: Consumer): void {
    this.restarts++;
    const delay = this.busOptions.consumerRestartDelayMs ?? 1_000;
    this.logger.warn('rebuilding consumer after a crash kafkajs does not recover from', {
      group: this.options.group,
      delayMs: delay,
    });
    this.restartTimer = setTimeout(async () => {
      await crashed.disconnect().catch(() => undefined);
      if (this.stopping) return;
      try {
        await this.start();
      } catch (error) {
        this.logger.error('consumer rebuild failed; trying again', {
          group: this.options.group,
          error: (error as Error).message,
        });
        if (this.consumer) this.scheduleRebuild(this.consumer);
      }
    }, delay);
  }

  private async handle(
    topic: string,
    partition: number,
    message: KafkaMessage,
    heartbeat: () => Promise<void>,
  ): Promise<void> {
    const maxAttempts = this.options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
    const key = message.key?.toString('utf8') ?? '';
    let reason = '';
    let attempts = 0;
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      attempts = attempt;
      try {
        const event = decodeEvent(message.value, message.headers);
        await this.options.handler(event, { topic, key, attempt });
        return;
      } catch (error) {
        reason = error instanceof Error ? error.message : String(error);
        if (error instanceof Error && error.name === 'UndecodableMessageError') break;
      }
      if (attempt < maxAttempts) {
        await sleep((this.busOptions.retryBackoffMs ?? 100) * attempt);
        // A slow retry loop must not cost the partition: keep the membership alive (kafkajs #1527).
        await heartbeat();
      }
    }
    await this.deadLetter({ topic, partition, group: this.options.group, message, reason, attempts });
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
