import { Admin, Consumer, Kafka, KafkaMessage } from 'kafkajs';
import { ConsumerGroupHealth, DEFAULT_MAX_ATTEMPTS, SubscribeToBusOptions, isNonRetryable, isOutage, outageBackoffMs } from '@linchpin/eventsourcing';
import { decodeEvent, traceHeadersOf } from './cloudevents-codec';
import { PartitionPosition, lagOf, partitionKey, positionsOf, reached } from './consumer-lag';
import { KafkaBusLogger } from './kafka-bus-logger';

export const DEFAULT_SESSION_TIMEOUT_MS = 10_000;
/**
 * The broker answers a fetch as soon as one byte is there (minBytes 1), so the wait bounds only how
 * often an idle member asks again, not how soon it sees a message. 500 ms instead of 50 ms about
 * halved the five services' idle CPU (bench `alert-to-page`).
 * A member heartbeats between fetches, so it stays well under the shortest session timeout (6 s).
 */
export const DEFAULT_FETCH_MAX_WAIT_MS = 500;

/** The bus options a consumer-group member uses (part of KafkaBusOptions). */
export interface ConsumerSettings {
  /** Pause between two attempts of a failing handler; grows linearly per attempt. Default 100 ms. */
  retryBackoffMs?: number;
  /**
   * Longest the broker holds a fetch that found nothing. A message that arrives meanwhile is answered
   * at once (minBytes 1): this is how often an idle member asks, not a floor of delivery latency.
   * Default 500 ms (DEFAULT_FETCH_MAX_WAIT_MS).
   */
  maxWaitTimeInMs?: number;
  /**
   * How long the broker keeps a member that stopped heartbeating (a killed process) in its group.
   * A restarted member cannot join before its dead predecessor is evicted. Default 10,000 ms
   * (the broker accepts 6,000 to 1,800,000 by default).
   */
  sessionTimeoutMs?: number;
  /** Default a third of the session timeout, at most 1,000 ms. */
  heartbeatIntervalMs?: number;
  /** Pause before the bus rebuilds a consumer that kafkajs gave up on. Default 1000 ms. */
  consumerRestartDelayMs?: number;
}

export interface DeadLetterRecord {
  topic: string;
  partition: number;
  group: string;
  message: KafkaMessage;
  reason: string;
  attempts: number;
}

/**
 * One consumer group member. It joins in the background (`begin`), retrying with a growing pause
 * until it is in or stopped. kafkajs restarts its consumer after a retriable crash but stops for
 * good after a non-retriable one (e.g. a coordinator error it does not classify, or a commit
 * refused during a rebalance): then this rebuilds the consumer, so a subscription never goes
 * silently dead (kafkajs #659, #1527).
 */
export class KafkaSubscription {
  private consumer?: Consumer;
  private stopping = false;
  private joined = false;
  /** Latched once the member handled what was there when it joined; reset when it loses its group. */
  private caughtUp = false;
  private assignment: Record<string, number[]> = {};
  /** High watermarks of the assigned partitions when it (last) joined: what catching up means. */
  private targets?: Map<string, bigint>;
  private lastError?: string;
  private restarts = 0;
  private restartTimer?: NodeJS.Timeout;
  private joining?: Promise<void>;
  private wakeRetry?: () => void;

  constructor(
    private readonly kafka: Kafka,
    private readonly options: SubscribeToBusOptions,
    private readonly busOptions: ConsumerSettings,
    private readonly logger: KafkaBusLogger,
    private readonly deadLetter: (letter: DeadLetterRecord) => Promise<void>,
    /** Connects the bus and creates the topics: retried with the join. */
    private readonly prepare: () => Promise<void>,
    /** The group's id on the broker: the bus's topic prefix and the group's name, so environments sharing a cluster never share a group. */
    private readonly groupId: string = options.group,
  ) {}

  /** The group as the service names it (without the bus's topic prefix). */
  get group(): string {
    return this.options.group;
  }

  begin(): void {
    this.joining = this.joinUntilStopped();
  }

  async health(admin?: Admin, lagError?: string): Promise<ConsumerGroupHealth> {
    const group = this.options.group;
    if (this.stopping) return { group, status: 'down', state: 'stopped', reason: 'stopped' };
    if (!this.joined) return { group, status: 'down', state: 'joining', reason: this.lastError ? `joining (last error: ${this.lastError})` : 'joining' };
    const known = this.caughtUp ? { status: 'up' as const, state: 'caught-up' as const } : { status: 'down' as const, state: 'catching-up' as const };
    if (!admin) return { group, ...known, reason: `lag unknown: ${lagError ?? 'the cluster does not answer'}` };
    try {
      const positions = await this.positions(admin);
      const lag = lagOf(positions);
      this.targets ??= new Map(positions.map((p) => [partitionKey(p.topic, p.partition), p.high]));
      if (!this.caughtUp && reached(positions, this.targets)) {
        this.caughtUp = true;
        this.logger.info('consumer caught up with its partitions', { group, lag });
      }
      return this.caughtUp ? { group, status: 'up', state: 'caught-up', lag } : { group, status: 'down', state: 'catching-up', lag, reason: `lag ${lag}` };
    } catch (error) {
      return { group, ...known, reason: `lag unknown: ${(error as Error).message}` };
    }
  }

  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    this.wakeRetry?.();
    this.joined = false;
    await this.consumer?.disconnect().catch(() => undefined);
    await this.joining?.catch(() => undefined);
    await this.consumer?.disconnect().catch(() => undefined);
  }

  private async joinUntilStopped(): Promise<void> {
    const group = this.options.group;
    for (let attempt = 1; !this.stopping; attempt++) {
      this.logger.info('consumer joining its group', { group, topics: this.options.topics, attempt });
      try {
        await this.prepare();
        if (this.stopping) return;
        await this.start();
        return;
      } catch (error) {
        if (this.stopping) return;
        this.lastError = (error as Error).message;
        const delayMs = Math.min(1_000 * 2 ** Math.min(attempt - 1, 5), 30_000);
        this.logger.error('consumer could not join its group; retrying', { group, error: this.lastError, attempt, retryInMs: delayMs });
        await this.consumer?.disconnect().catch(() => undefined);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, delayMs);
          this.wakeRetry = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
    }
  }

  /**
   * The group's backlog on each of its topics, from the broker: every partition's end offset against the
   * group's committed offset, whichever member holds the partition (or none: a member that never joined,
   * or is stuck on a message, commits nothing, and its lag grows with every message published).
   * Topics by their name on the broker.
   */
  async backlog(admin: Admin): Promise<{ topic: string; messages: number }[]> {
    const topics = this.options.topics;
    const [committed, ...watermarks] = await Promise.all([admin.fetchOffsets({ groupId: this.groupId, topics }), ...topics.map((topic) => admin.fetchTopicOffsets(topic))]);
    const fromBeginning = this.options.fromBeginning ?? true;
    return topics.map((topic, i) => {
      const partitions = watermarks[i].map((w) => w.partition);
      const offsets = committed.find((c) => c.topic === topic)?.partitions ?? [];
      return { topic, messages: lagOf(positionsOf(topic, partitions, watermarks[i], offsets, fromBeginning)) };
    });
  }

  private async positions(admin: Admin): Promise<PartitionPosition[]> {
    const topics = Object.keys(this.assignment);
    // A member given no partition (more members than partitions) has nothing to catch up on.
    if (topics.length === 0) return [];
    const [committed, ...watermarks] = await Promise.all([
      admin.fetchOffsets({ groupId: this.groupId, topics }),
      ...topics.map((topic) => admin.fetchTopicOffsets(topic)),
    ]);
    const fromBeginning = this.options.fromBeginning ?? true;
    return topics.flatMap((topic, i) =>
      positionsOf(topic, this.assignment[topic], watermarks[i], committed.find((c) => c.topic === topic)?.partitions ?? [], fromBeginning),
    );
  }

  private async start(): Promise<void> {
    const sessionTimeout = this.busOptions.sessionTimeoutMs ?? DEFAULT_SESSION_TIMEOUT_MS;
    const consumer = this.kafka.consumer({
      groupId: this.groupId,
      maxWaitTimeInMs: this.busOptions.maxWaitTimeInMs ?? DEFAULT_FETCH_MAX_WAIT_MS,
      minBytes: 1,
      sessionTimeout,
      heartbeatInterval: this.busOptions.heartbeatIntervalMs ?? Math.min(1_000, Math.floor(sessionTimeout / 3)),
      allowAutoTopicCreation: false,
      retry: { initialRetryTime: 200, maxRetryTime: 5_000, retries: 10, restartOnFailure: async () => !this.stopping },
    });
    this.consumer = consumer;
    consumer.on(consumer.events.GROUP_JOIN, (event) => {
      this.joined = true;
      this.lastError = undefined;
      this.assignment = event.payload.memberAssignment;
      this.logger.info('consumer joined its group', {
        group: this.options.group,
        memberId: event.payload.memberId,
        durationMs: event.payload.duration,
        assignment: event.payload.memberAssignment,
      });
    });
    consumer.on(consumer.events.CRASH, (event) => {
      this.lostGroup(event.payload.error.message);
      // kafkajs's disconnect does not wait for a reconnect already under way: it gives up after stop()
      // returned. That crash is the stop's own consequence, and a warning then would outlive its owner.
      if (this.stopping) return;
      this.logger.warn('consumer crashed', {
        group: this.options.group,
        error: event.payload.error.message,
        kafkajsRestarts: event.payload.restart,
      });
      if (!event.payload.restart) this.scheduleRebuild(consumer);
    });
    consumer.on(consumer.events.STOP, () => this.lostGroup());

    await consumer.connect();
    await consumer.subscribe({ topics: this.options.topics, fromBeginning: this.options.fromBeginning ?? true });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: 1,
      eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
        const { topic, partition } = batch;
        let handled: string | undefined;
        try {
          for (const message of batch.messages) {
            if (!isRunning() || isStale()) break;
            if (!(await this.handle(topic, partition, message, heartbeat, () => isRunning() && !isStale()))) break;
            resolveOffset(message.offset);
            handled = message.offset;
            // Throttled by kafkajs to the heartbeat interval: a long batch keeps the membership.
            await heartbeat();
          }
        } finally {
          // Commit what was handled or dead-lettered, never more (at least once), once per fetched
          // batch: a commit per message cost a broker round trip each, which under load held a
          // group below the rate its messages came in, and its lag (and every page's latency) grew.
          if (handled !== undefined) await consumer.commitOffsets([{ topic, partition, offset: (BigInt(handled) + 1n).toString() }]);
        }
      },
    });
  }

  private lostGroup(error?: string): void {
    this.joined = false;
    this.caughtUp = false;
    this.targets = undefined;
    if (error) this.lastError = error;
  }

  private scheduleRebuild(crashed: Consumer): void {
    this.restarts++;
    const delay = this.busOptions.consumerRestartDelayMs ?? 1_000;
    this.logger.warn('rebuilding consumer after a crash kafkajs does not recover from', {
      group: this.options.group,
      delayMs: delay,
      rebuilds: this.restarts,
    });
    this.restartTimer = setTimeout(async () => {
      await crashed.disconnect().catch(() => undefined);
      if (this.stopping) return;
      try {
        await this.start();
      } catch (error) {
        this.lastError = (error as Error).message;
        this.logger.error('consumer rebuild failed; trying again', {
          group: this.options.group,
          error: this.lastError,
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
    running: () => boolean,
  ): Promise<boolean> {
    const maxAttempts = this.options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
    const key = message.key?.toString('utf8') ?? '';
    const trace = traceHeadersOf(message.headers);
    let reason = '';
    let attempts = 0;
    let outages = 0;
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      attempts = attempt;
      try {
        const event = decodeEvent(message.value, message.headers);
        await this.options.handler(event, { topic, key, attempt, ...trace });
        return true;
      } catch (error) {
        reason = error instanceof Error ? error.message : String(error);
        if (isOutage(error)) {
          // The partition waits for the store, in order; a consumer that stops leaves it uncommitted for the next.
          if (outages === 0) this.logger.warn('store unreachable: holding the partition until it is back', { group: this.options.group, topic, partition, error: reason });
          await sleep(outageBackoffMs(outages++));
          if (!running()) return false;
          await heartbeat();
          attempt--;
          continue;
        }
        // A message that can never be handled goes to the dead-letter topic at once.
        if (isNonRetryable(error) || (error instanceof Error && error.name === 'UndecodableMessageError')) break;
      }
      if (attempt < maxAttempts) {
        await sleep((this.busOptions.retryBackoffMs ?? 100) * attempt);
        // A slow retry loop must not cost the partition: keep the membership alive (kafkajs #1527).
        await heartbeat();
      }
    }
    await this.deadLetter({ topic, partition, group: this.options.group, message, reason, attempts });
    return true;
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
