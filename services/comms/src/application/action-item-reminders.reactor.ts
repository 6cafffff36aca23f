import { Inject, Injectable, Logger } from '@nestjs/common';
import { BusReactor } from '@linchpin/platform';
import { CLOCK, Clock, EVENT_STORE, EventStore, MESSAGE_BUS, MessageBus, PublishedEvent, topicOf } from '@linchpin/eventsourcing';
import { ActionItemOverdue } from '@linchpin/contracts';
import { sendToPerson } from './message-to-person';

export const ACTION_ITEM_REMINDERS_GROUP = 'comms.action-item-reminders';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Review's `ActionItemOverdue` (a postmortem's action item passed its due day while open) → an `action-item-overdue`
 * message to its owner, on the first contact method comms knows for them, through the delivery requests as a kind of
 * its own, `action-item-reminder` (its events, dead letter and `Linchpin-Event` say so; the status updates' pool and
 * retry schedule; a failure is recorded, never a PageFailed). The owner is a person when review
 * was given a person id; a name (review keeps no directory of people) has no address: nothing is sent, said in the log.
 * A person comms knows no contact for is a delivery that fails at once, saying so. One delivery per reminder and owner.
 */
@Injectable()
export class ActionItemRemindersReactor extends BusReactor {
  private readonly logger = new Logger(ActionItemRemindersReactor.name);

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(MESSAGE_BUS) bus: MessageBus,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    super(bus, ACTION_ITEM_REMINDERS_GROUP, [topicOf('review')]);
  }

  protected async react(event: PublishedEvent): Promise<void> {
    if (!ActionItemOverdue.is(event)) return;
    const d = event.data;
    if (!UUID.test(d.owner)) {
      this.logger.warn(`action item ${d.actionItemId} of incident ${d.incidentId} is overdue; its owner "${d.owner}" is no person id, so nobody is sent a reminder`);
      return;
    }
    await sendToPerson(this.store, {
      personId: d.owner,
      incidentId: d.incidentId,
      subjectId: event.id,
      kind: 'action-item-reminder',
      body: { type: 'action-item-overdue', incidentId: d.incidentId, actionItemId: d.actionItemId, title: d.title, dueDate: d.dueDate, dueAt: d.dueAt },
      context: { actor: 'system:comms', causationId: event.id, occurredAt: this.clock.now().toISOString() },
    });
  }
}
