import {
  BusHealth,
  BusSubscription,
  DEFAULT_MAX_ATTEMPTS,
  MessageBus,
  OutgoingMessage,
  PublishedEvent,
  SubscribeToBusOptions,
  deadLetterTopicOf,
  isNonRetryable,
} from './message-bus.port';

export interface DeadLetter {
  topic: string;
  group: string;
  key: string;
  event: PublishedEvent;
  reason: string;
  attempts: number;
}

interface Group {
  options: SubscribeToBusOptions;
  /** Serialises deliveries so a group sees a topic's messages in order. */
  tail: Promise<void>;
}

/**
 * The embedded bus: one process, no broker. `publish` resolves once every subscribed group
 * has handled the messages (or dead-lettered them), so a relay that checkpoints after
 * publishing never skips a message, even if the process dies.
 */
export class InProcessBus implements MessageBus {
  private readonly groups = new Map<string, Group>();
  readonly deadLetters: DeadLetter[] = [];

  constructor(private readonly onDeadLetter: (letter: DeadLetter) => void = () => undefined) {}

  async publish(topic: string, messages: OutgoingMessage[]): Promise<void> {
    const deliveries: Promise<void>[] = [];
    for (const group of this.groups.values()) {
      if (!group.options.topics.includes(topic)) continue;
      group.tail = group.tail.then(async () => {
        for (const message of messages) await this.deliver(group.options, topic, message);
      });
      deliveries.push(group.tail);
    }
    await Promise.all(deliveries);
  }

  async subscribe(options: SubscribeToBusOptions): Promise<BusSubscription> {
    if (this.groups.has(options.group)) throw new Error(`group ${options.group} already subscribed`);
    const group: Group = { options, tail: Promise.resolve() };
    this.groups.set(options.group, group);
    return {
      stop: async () => {
        this.groups.delete(options.group);
        await group.tail;
      },
    };
  }

  async close(): Promise<void> {
    await Promise.all([...this.groups.values()].map((g) => g.tail));
    this.groups.clear();
  }

  /** Always connected; a group is caught up as soon as it is subscribed: `publish` waits for it. */
  async health(): Promise<BusHealth> {
    return { connected: true, consumers: [...this.groups.keys()].map((group) => ({ group, status: 'up', state: 'caught-up', lag: 0 })) };
  }

  private async deliver(options: SubscribeToBusOptions, topic: string, message: OutgoingMessage): Promise<void> {
    const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
    let lastError: unknown;
    let attempts = 0;
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      attempts = attempt;
      try {
        await options.handler(structuredClone(message.event), { topic, key: message.key, attempt });
        return;
      } catch (error) {
        lastError = error;
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
