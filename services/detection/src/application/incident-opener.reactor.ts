import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { AlertFired, upcasters } from '@linchpin/contracts';
import {
  BusSubscription,
  EVENT_STORE,
  EventStore,
  executeCommand,
  MESSAGE_BUS,
  MessageBus,
  PublishedEvent,
  topicOf,
  UpcasterChain,
} from '@linchpin/eventsourcing';
import { detectIncidentFor, incidentDecider } from '../domain/incident.decider';
import { detectionStream } from '../domain/streams';

/**
 * Repairs a crash between the two appends of an alert that opened an incident: for every
 * AlertFired on detection's own topic, record its IncidentDetected. The request handler has
 * normally done it already; the event is the same (same deterministic id), so this is a no-op.
 */
@Injectable()
export class IncidentOpenerReactor implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(IncidentOpenerReactor.name);
  private readonly upcast = new UpcasterChain(upcasters);
  private subscription?: BusSubscription;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
  ) {}

  async onModuleInit(): Promise<void> {
    this.subscription = await this.bus.subscribe({
      group: 'detection',
      topics: [topicOf('detection')],
      handler: (event) => this.handle(event),
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.subscription?.stop();
    this.subscription = undefined;
  }

  async handle(received: PublishedEvent): Promise<void> {
    const event = this.upcast.upcast(received);
    if (!AlertFired.is(event)) return;
    const { events } = await executeCommand(this.store, detectionStream(event.data.incidentId), incidentDecider, detectIncidentFor(event));
    if (events.length > 0) this.logger.warn(`repaired incident ${event.data.incidentId}: IncidentDetected was missing after AlertFired ${event.id}`);
  }
}
