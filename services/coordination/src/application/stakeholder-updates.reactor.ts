import { Inject, Injectable } from '@nestjs/common';
import { BusReactor } from '@linchpin/platform';
import { deterministicId, EVENT_STORE, EventStore, MESSAGE_BUS, MessageBus, PublishedEvent, topicOf } from '@linchpin/eventsourcing';
import { StatusUpdatePosted } from '@linchpin/contracts';
import { incidentComms } from '../domain/streams';

export const STAKEHOLDER_UPDATES_GROUP = 'coordination.stakeholder-updates';

/**
 * Notes comms' `StatusUpdatePosted` on coordination's private `incidentComms-<incidentId>`, so the
 * war room tells when the stakeholders last heard (the bus replays nothing; the store keeps it). Its
 * own consumer group on comms' topic, so paging never waits on it; the id derives from comms'
 * event and each update is noted once, so a redelivery records nothing.
 */
@Injectable()
export class StakeholderUpdatesReactor extends BusReactor {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(MESSAGE_BUS) bus: MessageBus,
  ) {
    super(bus, STAKEHOLDER_UPDATES_GROUP, [topicOf('comms')]);
  }

  protected async react(event: PublishedEvent): Promise<void> {
    if (!StatusUpdatePosted.is(event)) return;
    const { incidentId, updateId, status } = event.data;
    await incidentComms.handle(this.store, {
      type: 'NoteStakeholderUpdate',
      eventId: deterministicId(event.id, 'coordination.stakeholder-update'),
      incidentId,
      updateId,
      status,
      // Comms' own time: when the stakeholders were told, not when the bus brought it here.
      postedAt: event.metadata.occurredAt,
      commsEventId: event.id,
      context: { actor: 'system:coordination', causationId: event.id, occurredAt: event.metadata.occurredAt },
    });
  }
}
