import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import {
  BusSubscription,
  CLOCK,
  Clock,
  EVENT_STORE,
  EventStore,
  MESSAGE_BUS,
  MessageBus,
  MessageContext,
  PublishedEvent,
  UpcasterChain,
  categoryOf,
  deterministicId,
  executeCommand,
  topicOf,
} from '@linchpin/eventsourcing';
import { upcasters } from '@linchpin/contracts';
import { TimelineEntryRecordedEvent } from '@linchpin/contracts';
import { timelineDecider, timelineStream } from '../domain/timeline.decider';

export const REVIEW_GROUP = 'review';
export const REVIEWED_CONTEXTS = ['detection', 'triage', 'coordination', 'comms'] as const;

const upcaster = new UpcasterChain(upcasters);

/** `linchpin.<ctx>.events` → `<ctx>`; else the stream's category. */
export const contextOf = (topic: string, event: PublishedEvent): string => /^linchpin\.([^.]+)\.events$/.exec(topic)?.[1] ?? categoryOf(event.streamId);

const incidentIdOf = (event: PublishedEvent): string | undefined => {
  if (event.metadata.incidentId) return event.metadata.incidentId;
  const fromData = event.data && typeof event.data === 'object' ? (event.data as Record<string, unknown>).incidentId : undefined;
  return typeof fromData === 'string' ? fromData : undefined;
};

/**
 * Copies every incident event of the other contexts into the incident's timeline. The entry id
 * derives from the source event id and the decider skips known sources: redelivery adds nothing.
 */
@Injectable()
export class TimelineReactor implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(TimelineReactor.name);
  private subscription?: BusSubscription;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async onModuleInit(): Promise<void> {
    this.subscription = await this.bus.subscribe({
      group: REVIEW_GROUP,
      topics: REVIEWED_CONTEXTS.map((c) => topicOf(c)),
      handler: (event, context) => this.handle(event, context),
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.subscription?.stop();
  }

  async handle(received: PublishedEvent, context: Pick<MessageContext, 'topic'>): Promise<void> {
    const event = upcaster.upcast(received);
    const incidentId = incidentIdOf(event);
    if (!incidentId) return;
    const { events } = await executeCommand(
      this.store,
      timelineStream(incidentId),
      timelineDecider,
      {
        type: 'RecordEntry',
        eventId: deterministicId(event.id, 'review.timeline'),
        incidentId,
        source: {
          id: event.id,
          type: event.type,
          schemaVersion: event.schemaVersion,
          context: contextOf(context.topic, event),
          recordedAt: event.recordedAt,
          actor: event.metadata.actor,
          data: event.data,
        },
        metadata: {
          incidentId,
          correlationId: incidentId,
          causationId: event.id,
          actor: 'system:review',
          occurredAt: this.clock.now().toISOString(),
        },
      },
      { map: (e) => upcaster.upcast(e) as TimelineEntryRecordedEvent },
    );
    if (events.length > 0) this.logger.debug?.(`timeline ${incidentId}: ${event.type}`);
  }
}
