import { Inject, Injectable } from '@nestjs/common';
import { BusReactor } from '@linchpin/platform';
import {
  CLOCK,
  Clock,
  EVENT_STORE,
  EventStore,
  MESSAGE_BUS,
  MessageBus,
  MessageContext,
  PublishedEvent,
  categoryOf,
  deterministicId,
  topicOf,
} from '@linchpin/eventsourcing';
import { timelines } from '../domain/streams';

export const REVIEW_GROUP = 'review';
export const REVIEWED_CONTEXTS = ['detection', 'triage', 'coordination', 'comms'] as const;
/**
 * Facts the timeline leaves out, because each only repeats one already on it: a SignalReceived
 * (with its raw payload) accompanies every alert decision, and triage's IncidentReassessed copies
 * detection's IncidentAssessed. Their owners keep them (detection explains alerts from them;
 * triage replays them in what-if).
 */
const NOT_ON_THE_TIMELINE = new Set(['SignalReceived', 'IncidentReassessed']);

/**
 * The timeline's copy of an event's data, without what only its owner explains from: the raw
 * payloads a batch of repeats samples (detection shows them at /detection/signals/{id}), as a
 * SignalReceived's raw is left out.
 */
const timelineDataOf = (event: PublishedEvent): unknown => {
  if (event.type !== 'AlertDeduplicated' || !event.data || typeof event.data !== 'object' || !('samples' in event.data)) return event.data;
  const { samples: _samples, ...rest } = event.data as Record<string, unknown>;
  return rest;
};

/** `linchpin.<ctx>.events` → `<ctx>`; else the stream's category. */
export const contextOf = (topic: string, event: PublishedEvent): string => /^linchpin\.([^.]+)\.events$/.exec(topic)?.[1] ?? categoryOf(event.streamId);

const incidentIdOf = (event: PublishedEvent): string | undefined => {
  if (event.metadata.incidentId) return event.metadata.incidentId;
  const fromData = event.data && typeof event.data === 'object' ? (event.data as Record<string, unknown>).incidentId : undefined;
  return typeof fromData === 'string' ? fromData : undefined;
};

/**
 * Copies every incident event of the other contexts into the incident's timeline. The entry id
 * derives from the source event id and the timeline decides nothing for an id it holds: redelivery adds nothing.
 */
@Injectable()
export class IncidentEventsReactor extends BusReactor {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(MESSAGE_BUS) bus: MessageBus,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    super(bus, REVIEW_GROUP, REVIEWED_CONTEXTS.map((c) => topicOf(c)));
  }

  protected async react(event: PublishedEvent, context: MessageContext): Promise<void> {
    const incidentId = incidentIdOf(event);
    if (!incidentId || NOT_ON_THE_TIMELINE.has(event.type)) return;
    await timelines.handle(this.store, {
      type: 'RecordEntry',
      eventId: deterministicId(event.id, 'review.timeline'),
      incidentId,
      source: {
        id: event.id,
        type: event.type,
        schemaVersion: event.schemaVersion,
        context: contextOf(context.topic, event),
        recordedAt: event.recordedAt,
        // When it happened, as its context decided it: the timeline shows it beside the record time.
        occurredAt: event.metadata.occurredAt,
        actor: event.metadata.actor,
        data: timelineDataOf(event),
      },
      context: { actor: 'system:review', causationId: event.id, occurredAt: this.clock.now().toISOString() },
    });
  }
}
