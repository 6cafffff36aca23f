import {
  BusHealth,
  BusSubscription,
  ConsumerLag,
  DEFAULT_MAX_ATTEMPTS,
  MessageBus,
  OutgoingMessage,
  PublishedEvent,
  SubscribeToBusOptions,
  deadLetterTopicOf,
  isNonRetryable,
  isOutage,
  outageBackoffMs,
} from './message-bus.port';
import { setTimeout as sleep } from 'node:timers/promises';
import { TraceContext } from './trace-context';

export interface DeadLetter {
  topic: string;
  group: string;
  key: string;
  event: PublishedEvent;
  reason: string;
  attempts: number;
}

/**
 * Lanes per group: a group handles the messages of one key in order, and those of different keys
 * side by side, as a Kafka group does across partitions. Handlers wait for their appends' commits;
 * one lane would leave the store one commit at a time, where eight let concurrent appends share one
 * (a storm of new incidents drained twice as fast).
 */
export const IN_PROCESS_LANES = 8;

interface Group {
  options: SubscribeToBusOptions;
  /** One chain per lane: a key always takes the same lane, so its messages are handled in order. */
  lanes: Promise<void>[];
  /** Messages published to it, by topic, not handled (nor dead-lettered) yet: its queue. */
  backlog: Map<string, number>;
}

/** A message's own trace context, as Kafka's headers would carry it. */
const traceOf = ({ traceparent, tracestate }: OutgoingMessage): TraceContext => ({
  ...(traceparent ? { traceparent } : {}),
  ...(tracestate ? { tracestate } : {}),
});

/** A message without a key (Kafka takes one too) goes to the first lane. */
const laneOf = (key: string | undefined = ''): number => {
  let hash = 0;
  for (let i = 0; i < key.length; i++) hash = (hash * 31 + key.charCodeAt(i)) | 0;
  return Math.abs(hash) % IN_PROCESS_LANES;
};

/**
 * The embedded bus: one process, no broker. `publish` resolves once every subscribed group
 * has handled the messages (or dead-lettered them), so a relay that checkpoints after
 * publishing never skips a message, even if the process dies.
 */
export class InProcessBus implements MessageBus {
  private readonly groups = new Map<string, Group>();
  /** Ends the waits of deliveries held by an outage. */
  private readonly closing = new AbortController();
  readonly deadLetters: DeadLetter[] = [];

  constructor(private readonly onDeadLetter: (letter: DeadLetter) => void = () => undefined) {}

  async publish(topic: string, messages: OutgoingMessage[]): Promise<void> {
    const byLane = new Map<number, OutgoingMessage[]>();
    for (const message of messages) {
      const lane = laneOf(message.key);
      const queued = byLane.get(lane);
      if (queued) queued.push(message);
      else byLane.set(lane, [message]);
    }
    const deliveries: Promise<void>[] = [];
    for (const group of this.groups.values()) {
      if (!group.options.topics.includes(topic)) continue;
      for (const [lane, laneMessages] of byLane) {
        const queued = (change: number) => group.backlog.set(topic, (group.backlog.get(topic) ?? 0) + change);
        queued(laneMessages.length);
        const run = group.lanes[lane].then(async () => {
          let handled = 0;
          try {
            for (const message of laneMessages) {
              await this.deliver(group.options, topic, message);
              handled++;
              queued(-1);
            }
          } finally {
            // Cut short by close(): the rest is the relay's to publish again, no longer this queue's.
            queued(handled - laneMessages.length);
          }
        });
        // A delivery cut short by close() fails this publish (the relay keeps its checkpoint), not the lane.
        group.lanes[lane] = run.catch(() => undefined);
        deliveries.push(run);
      }
    }
    await Promise.all(deliveries);
  }

  async subscribe(options: SubscribeToBusOptions): Promise<BusSubscription> {
    if (this.groups.has(options.group)) throw new Error(`group ${options.group} already subscribed`);
    const group: Group = { options, lanes: Array.from({ length: IN_PROCESS_LANES }, () => Promise.resolve()), backlog: new Map() };
    this.groups.set(options.group, group);
    return {
      stop: async () => {
        this.groups.delete(options.group);
        await Promise.all(group.lanes);
      },
    };
  }

  async close(): Promise<void> {
    this.closing.abort();
    await Promise.all([...this.groups.values()].flatMap((g) => g.lanes));
    this.groups.clear();
  }

  /** Always connected; a group is caught up as soon as it is subscribed: `publish` waits for it. */
  async health(): Promise<BusHealth> {
    return { connected: true, consumers: [...this.groups.keys()].map((group) => ({ group, status: 'up', state: 'caught-up', lag: 0 })) };
  }

  /**
   * Each group's queue per topic: messages published and not yet handled. `publish` waits for them, so
   * outside a burst it is 0; a handler stuck on an outage holds its messages (and the relay) and shows here.
   */
  async lag(): Promise<ConsumerLag[]> {
    return [...this.groups.values()].flatMap((g) => g.options.topics.map((topic) => ({ group: g.options.group, topic, messages: g.backlog.get(topic) ?? 0 })));
  }

  private async deliver(options: SubscribeToBusOptions, topic: string, message: OutgoingMessage): Promise<void> {
    const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
    let lastError: unknown;
    let attempts = 0;
    let outages = 0;
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      attempts = attempt;
      try {
        await options.handler(structuredClone(message.event), { topic, key: message.key, attempt, ...traceOf(message) });
        return;
      } catch (error) {
        lastError = error;
        if (isOutage(error)) {
          // Rejects once the bus closes: the message stays unpublished for the relay, never dead.
          await sleep(outageBackoffMs(outages++), undefined, { signal: this.closing.signal });
          attempt--;
          continue;
        }
        if (isNonRetryable(error)) break;
      }
    }
    const letter: DeadLetter = {
      topic: deadLetterTopicOf(topic),
      group: options.group,
      key: message.key,
      event: message.event,
      reason: lastError instanceof Error ? lastError.message : String(lastError),
      attempts,
    };
    this.deadLetters.push(letter);
    this.onDeadLetter(letter);
  }
}
