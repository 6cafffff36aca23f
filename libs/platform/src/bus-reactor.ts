import { OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { upcasters } from '@linchpin/contracts';
import { BusSubscription, MessageBus, MessageContext, PublishedEvent, RecordedEvent, Upcaster, UpcasterChain } from '@linchpin/eventsourcing';

/**
 * A consumer group that reacts to the events of some topics, always at their newest schema
 * version. Subclasses implement `react`; subscribing and stopping follow the module lifecycle.
 */
export abstract class BusReactor implements OnModuleInit, OnApplicationShutdown {
  private readonly upcaster: UpcasterChain;
  private subscription?: BusSubscription;

  constructor(
    protected readonly bus: MessageBus,
    private readonly group: string,
    private readonly topics: string[],
    chain: readonly Upcaster[] = upcasters,
  ) {
    this.upcaster = new UpcasterChain(chain);
  }

  async onModuleInit(): Promise<void> {
    // Not onApplicationBootstrap: relays start publishing there, and the in-process bus keeps no
    // history, so a group that subscribed later would never see the events published before it.
    this.subscription = await this.bus.subscribe({
      group: this.group,
      topics: this.topics,
      handler: (event, context) => this.react(this.upcast(event), context),
    });
  }

  async onApplicationShutdown(): Promise<void> {
    const subscription = this.subscription;
    this.subscription = undefined;
    await subscription?.stop();
  }

  /** Raises a stored event (e.g. one read back from a stream) to the version `react` sees. */
  protected upcast<T extends RecordedEvent>(event: T): T {
    return this.upcaster.upcast(event);
  }

  protected abstract react(event: PublishedEvent, context: MessageContext): Promise<void>;
}
