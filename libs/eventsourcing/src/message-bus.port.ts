import { RecordedEvent } from './event';

/** What travels on the bus: the stored event, as the store recorded it. */
export type PublishedEvent = RecordedEvent;

export interface OutgoingMessage {
  /** Partition key: the incident id, so an incident's events stay in order. */
  key: string;
  event: PublishedEvent;
}

export interface MessageContext {
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

export interface MessageBus {
  publish(topic: string, messages: OutgoingMessage[]): Promise<void>;
  subscribe(options: SubscribeToBusOptions): Promise<BusSubscription>;
  close(): Promise<void>;
}

/** `linchpin.<context>.events`: one topic per context. */
export const topicOf = (context: string): string => `linchpin.${context}.events`;

/** Where a message that keeps failing goes, with the reason in a header. */
export const deadLetterTopicOf = (topic: string): string => `${topic}.dlq`;

export const DEFAULT_MAX_ATTEMPTS = 5;
