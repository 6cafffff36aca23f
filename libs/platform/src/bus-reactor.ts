import { Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { EventContracts, eventContracts, upcast as upcastToNewest } from '@linchpin/contracts';
import {
  BusSubscription,
  MessageBus,
  MessageContext,
  NonRetryableMessageError,
  PublishedEvent,
  RecordedEvent,
  messagingAttributes,
  messagingSystemOf,
} from '@linchpin/eventsourcing';
import { SpanKind } from '@opentelemetry/api';
import { withLogContext } from './log-context';
import { inSpanOf } from './tracing/spans';

/**
 * A consumer group that reacts to the events of some topics, always at their newest schema
 * version and only once they match their contract. Subclasses implement `react`; subscribing and
 * stopping follow the module lifecycle.
 *
 * Every received event is upcast, then checked against the catalogue (envelope, and `data` against
 * the schema of its type and version). One that breaks its contract is dead-lettered at once with
 * the failing fields as the reason (no retry can mend it), before `react` could store anything
 * from it. A type the catalogue does not hold is skipped: a newer producer may publish types this
 * consumer does not know yet, and no reactor acts on a type it does not know.
 */
export abstract class BusReactor implements OnModuleInit, OnApplicationShutdown {
  private readonly reactorLogger = new Logger(BusReactor.name);
  private subscription?: BusSubscription;

  constructor(
    protected readonly bus: MessageBus,
    private readonly group: string,
    private readonly topics: string[],
    private readonly raise: <T extends RecordedEvent>(event: T) => T = upcastToNewest,
    private readonly contracts: EventContracts = eventContracts,
  ) {}

  async onModuleInit(): Promise<void> {
    // Not onApplicationBootstrap: relays start publishing there, and the in-process bus keeps no
    // history, so a group that subscribed later would never see the events published before it.
    // A bus resolves `subscribe` once the group is registered; Kafka joins its group in the
    // background (a restarted process may wait out its dead predecessor's session), so HTTP
    // starts at once and /health/ready says when the group is in and caught up.
    this.subscription = await this.bus.subscribe({
      group: this.group,
      topics: this.topics,
      handler: (event, context) => this.receive(event, context),
    });
  }

  async onApplicationShutdown(): Promise<void> {
    const subscription = this.subscription;
    this.subscription = undefined;
    await subscription?.stop();
  }

  /** Raises a stored event (e.g. one read back from a stream) to the version `react` sees. */
  protected upcast<T extends RecordedEvent>(event: T): T {
    return this.raise(event);
  }

  protected abstract react(event: PublishedEvent, context: MessageContext): Promise<void>;

  /**
   * Each message is handled with its ids on every log line (log-context.ts) and, when it carries a trace context
   * (the Kafka record's `traceparent`, else its event's metadata), in a CONSUMER span `process <topic>` continuing
   * that trace: the events its reaction appends carry this span's context in turn (docs/architecture.md#traces).
   */
  private receive(received: PublishedEvent, context: MessageContext): Promise<void> {
    const metadata: Partial<PublishedEvent['metadata']> = received.metadata ?? {};
    const ids = { incidentId: metadata.incidentId, correlationId: metadata.correlationId, eventId: received.id, eventType: received.type, consumerGroup: this.group };
    const attributes = { ...messagingAttributes(messagingSystemOf(this.bus), 'process', context.topic, String(received.id)), 'messaging.consumer.group.name': this.group };
    return withLogContext(ids, () =>
      inSpanOf(context.traceparent ? context : metadata, `process ${context.topic}`, { kind: SpanKind.CONSUMER, attributes }, () => this.check(received, context)),
    );
  }

  private async check(received: PublishedEvent, context: MessageContext): Promise<void> {
    let event: PublishedEvent;
    try {
      event = this.upcast(received);
    } catch (error) {
      throw new NonRetryableMessageError(`${describe(received)} cannot be upcast: ${error instanceof Error ? error.message : String(error)}`);
    }
    const verdict = this.contracts.check(event);
    if (verdict.kind === 'unknown-type') {
      this.reactorLogger.debug(`group ${this.group} skips ${describe(event)} from ${context.topic}: not in the event catalogue`);
      return;
    }
    if (verdict.kind === 'invalid') {
      throw new NonRetryableMessageError(`${describe(received)} breaks its contract: ${verdict.errors.join('; ')}`);
    }
    await this.react(event, context);
  }
}

const describe = (event: PublishedEvent): string => `${String(event.type)} v${String(event.schemaVersion)} (event ${String(event.id)})`;
