import { RecordedEvent } from './event';
import { LinchpinError } from './errors';
import type { TraceContext } from './trace-context';

/** What travels on the bus: the stored event, as the store recorded it. */
export type PublishedEvent = RecordedEvent;

/**
 * A message's own W3C trace context (`traceparent`, `tracestate`: the publish span's, trace-context.ts),
 * next to its event, as Kafka carries it in headers: the event's metadata keeps the context it was decided in.
 */
export interface OutgoingMessage extends TraceContext {
  /** Partition key: the incident id, so an incident's events stay in order. */
  key: string;
  event: PublishedEvent;
}

/** Where a message came from; its trace context when it carried one. */
export interface MessageContext extends TraceContext {
  topic: string;
  key: string;
  /** 1 on first delivery to this handler. */
  attempt: number;
}

export type MessageHandler = (event: PublishedEvent, context: MessageContext) => Promise<void>;

export interface SubscribeToBusOptions {
  /** Consumer group: each group gets every message once (at least once). */
  group: string;
  topics: string[];
  handler: MessageHandler;
  /** Attempts before the message goes to the dead-letter topic. Default 5. */
  maxAttempts?: number;
  /** Start at the earliest offset when the group has none. Default true. */
  fromBeginning?: boolean;
}

export interface BusSubscription {
  stop(): Promise<void>;
}

/**
 * `joining`: registered, not (yet) a member of its group, e.g. while a killed predecessor still
 * holds it; `catching-up`: a member with messages left on its partitions since it joined;
 * `caught-up`: it has handled everything that was there once since it joined; `stopped`.
 */
export type ConsumerGroupState = 'joining' | 'catching-up' | 'caught-up' | 'stopped';

export interface ConsumerGroupHealth {
  group: string;
  /** `up` once caught up since it (last) joined its group. */
  status: 'up' | 'down';
  state: ConsumerGroupState;
  /** Messages on its assigned partitions it has not handled yet, when the bus can tell. */
  lag?: number;
  /** Why it is down, e.g. `joining`, `lag 12`, or the last error. */
  reason?: string;
}

export interface BusHealth {
  /** The bus can carry messages now (e.g. the Kafka cluster answers). */
  connected: boolean;
  error?: string;
  /** One entry per subscribed consumer group of this process. */
  consumers: ConsumerGroupHealth[];
}

/** How far a consumer group is behind on one of its topics. */
export interface ConsumerLag {
  group: string;
  topic: string;
  /** Messages on the topic the group has not handled yet (on every partition, whichever process holds it). */
  messages: number;
}

export interface MessageBus {
  /** The messaging system, as OpenTelemetry's `messaging.system` names it (`kafka`); the embedded bus says `in-process`. */
  readonly system?: string;
  publish(topic: string, messages: OutgoingMessage[]): Promise<void>;
  /**
   * Registers the group at once (a publish after this resolves reaches it, on a bus without
   * history); a broker-backed bus may join its group later, in the background: see `health`.
   */
  subscribe(options: SubscribeToBusOptions): Promise<BusSubscription>;
  close(): Promise<void>;
  /** Whether the bus is connected and each group is in its group and caught up (readiness). */
  health?(): Promise<BusHealth>;
  /**
   * Each subscribed group's backlog per topic (and, where the bus can tell, that of the groups reading what
   * this process publishes), measured when asked (a scrape): what the group has not handled, whatever the
   * state of its members, so a stuck or dead consumer shows a growing number rather than none. A bus that
   * cannot tell leaves it out.
   */
  lag?(): Promise<ConsumerLag[]>;
}

/**
 * A message no retry can help: it breaks its contract, say. A bus dead-letters it at its first
 * failure, with this message as the reason, instead of retrying it `maxAttempts` times.
 */
export class NonRetryableMessageError extends LinchpinError {
  readonly code = 'non_retryable_message';
  readonly retryable = false;
}

/** True for an error a bus must not retry; by shape, so a second copy of this module still counts. */
export const isNonRetryable = (error: unknown): boolean =>
  error instanceof Error && (error as { retryable?: unknown }).retryable === false;

/**
 * True for an outage of what a handler needs (the event store cannot be reached): no fault of the
 * message, so a bus waits and tries the same message again until it succeeds or the consumer
 * stops, never dead-letters it, and counts none of those tries as an attempt. By shape, as above.
 */
export const isOutage = (error: unknown): boolean => typeof error === 'object' && error !== null && (error as { outage?: unknown }).outage === true;

/** The wait before retry `n` (from 0) of a message during an outage: doubling from 100 ms, at most 5 s. */
export const outageBackoffMs = (n: number): number => Math.min(5_000, 100 * 2 ** Math.min(n, 6));

/** `linchpin.<context>.events`: one topic per context. */
export const topicOf = (context: string): string => `linchpin.${context}.events`;

/** Where a message that keeps failing goes, with the reason in a header. */
export const deadLetterTopicOf = (topic: string): string => `${topic}.dlq`;

export const DEFAULT_MAX_ATTEMPTS = 5;
