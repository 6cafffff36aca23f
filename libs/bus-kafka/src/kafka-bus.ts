import { Admin, Kafka, LogEntry, Partitioners, Producer, logLevel as KafkaLogLevel } from 'kafkajs';
import { BusHealth, BusSubscription, ConsumerLag, MessageBus, OutgoingMessage, SubscribeToBusOptions, deadLetterTopicOf } from '@linchpin/eventsourcing';
import { encodeEvent, headersAsText } from './cloudevents-codec';
import { KafkaBusLogger, KafkaLogLevelName, consoleLogger, toKafkaLogLevel } from './kafka-bus-logger';
import { ConsumerSettings, DeadLetterRecord, KafkaSubscription } from './kafka-subscription';
import { readersLag } from './readers-lag';
import { TopicCreator } from './topic-creator';

export { DEFAULT_FETCH_MAX_WAIT_MS, DEFAULT_SESSION_TIMEOUT_MS } from './kafka-subscription';

export interface KafkaBusOptions extends ConsumerSettings {
  brokers: string[];
  clientId: string;
  /** CloudEvents `source` of what this process publishes, e.g. `/linchpin/detection`. */
  source: string;
  /**
   * Prepended to every topic and consumer group id on the broker (`<prefix>linchpin.detection.events`,
   * `<prefix>triage`), so several environments or test runs can share a cluster without taking each
   * other's partitions; handlers, health and dead letters still see the unprefixed names.
   */
  topicPrefix?: string;
  /** Partitions of a topic the bus creates. Default 3. */
  partitions?: number;
  /** Replication factor of a topic the bus creates. Default 1. */
  replicationFactor?: number;
  logger?: KafkaBusLogger;
  /** kafkajs' own log lines, routed to `logger`. Default `warn` with a logger, `nothing` without. */
  kafkaLogLevel?: KafkaLogLevelName;
}

export interface KafkaBusHealth extends BusHealth {
  /** Connected, and every consumer group joined and caught up. */
  ready: boolean;
  /** Brokers the cluster reported, when it answered. */
  brokers?: number;
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
 * MessageBus on Apache Kafka through kafkajs (docs/architecture.md#messaging). Delivery is at least once:
 * an offset is committed only after its message was handled or dead-lettered.
 */
export class KafkaBus implements MessageBus {
  readonly system = 'kafka';
  private readonly kafka: Kafka;
  private readonly logger: KafkaBusLogger;
  private readonly admin: Admin;
  private readonly producer: Producer;
  private readonly topics: TopicCreator;
  /** The topics this process has written since it started: lag() reports their readers' backlog too. */
  private readonly published = new Set<string>();
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
    this.published.add(physical);
    await this.producer.send({
      topic: physical,
      acks: -1,
      messages: messages.map((m) => ({ key: m.key, ...encodeEvent(m.event, this.options.source, m) })),
    });
  }

  /**
   * Registers the group and returns at once; the consumer connects and joins its group in the
   * background, retrying until it is in or stopped. A restarted process whose dead predecessor
   * still holds the group (until its session times out) thus serves HTTP meanwhile; `health()`
   * says `joining` until the join completes.
   */
  async subscribe(requested: SubscribeToBusOptions): Promise<BusSubscription> {
    if (this.closed) throw new Error('KafkaBus is closed');
    const prefix = this.options.topicPrefix ?? '';
    const options: SubscribeToBusOptions = {
      ...requested,
      topics: requested.topics.map((t) => this.physical(t)),
      handler: (event, context) => requested.handler(event, { ...context, topic: context.topic.slice(prefix.length) }),
    };
    const subscription = new KafkaSubscription(
      this.kafka,
      options,
      this.options,
      this.logger,
      (letter) => this.deadLetter(letter),
      async () => {
        await this.connect();
        await this.topics.ensure([...options.topics, ...options.topics.map(deadLetterTopicOf)]);
      },
      `${prefix}${requested.group}`,
    );
    this.subscriptions.add(subscription);
    subscription.begin();
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

  /**
   * Connected when the cluster describes itself within 3 s; each consumer group with its state and
   * lag (committed offsets against high watermarks of its assigned partitions, through the admin
   * client: two requests per group and topic, only when asked).
   */
  async health(): Promise<KafkaBusHealth> {
    const subscriptions = [...this.subscriptions];
    let brokers: number | undefined;
    let error: string | undefined;
    try {
      const cluster = await withTimeout(
        this.connect().then(() => this.admin.describeCluster()),
        3_000,
        'Kafka cluster description',
      );
      brokers = cluster.brokers.length;
      if (brokers === 0) error = 'no broker in the cluster';
    } catch (e) {
      error = (e as Error).message;
    }
    const connected = error === undefined;
    const consumers = await Promise.all(
      subscriptions.map((s) => (connected ? withTimeout(s.health(this.admin), 3_000, 'consumer lag').catch((e: Error) => s.health(undefined, e.message)) : s.health())),
    );
    const ready = connected && consumers.every((c) => c.status === 'up');
    return { ready, connected, ...(brokers !== undefined ? { brokers } : {}), ...(error ? { error } : {}), consumers };
  }

  /**
   * Each subscribed group's backlog per topic, measured now from the broker (committed offsets against end
   * offsets: two admin requests per group), not from what this process's member last fetched, which stands
   * still when the member is stuck. Every replica of a service answers for the whole group: the same
   * number from each. Also every group that reads a topic this process has written (readers-lag.ts): a
   * service that is down reports nothing, so its groups' growing backlog shows on their producer's scrape.
   * A group whose offsets cannot be read (its topics not created yet) is left out; rejects when the
   * cluster does not answer within 3 s.
   */
  async lag(): Promise<ConsumerLag[]> {
    await withTimeout(this.connect(), 3_000, 'Kafka connection');
    const prefix = this.options.topicPrefix ?? '';
    const own = [...this.subscriptions].map(async (s) =>
      (await withTimeout(s.backlog(this.admin), 3_000, 'consumer lag')).map(({ topic, messages }) => ({ group: this.physical(s.group), topic, messages })),
    );
    const readers = withTimeout(readersLag(this.admin, [...this.published]), 3_000, 'consumer lag').then((lags) => lags.filter((l) => l.group.startsWith(prefix)));
    const answers = await Promise.allSettled([...own, readers]);
    // A group this process runs and that reads a topic it writes is measured twice: the same figure, kept once.
    const byKey = new Map(answers.flatMap((a) => (a.status === 'fulfilled' ? a.value : [])).map((l) => [`${l.group}\u0000${l.topic}`, l]));
    return [...byKey.values()].map(({ group, topic, messages }) => ({ group: group.slice(prefix.length), topic: topic.slice(prefix.length), messages }));
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

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
