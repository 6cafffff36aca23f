import { Inject, Injectable, Logger } from '@nestjs/common';
import { TaskOverdue } from '@linchpin/contracts';
import { BusReactor } from '@linchpin/platform';
import { CLOCK, Clock, deterministicId, DomainError, EVENT_STORE, EventStore, MESSAGE_BUS, MessageBus, PublishedEvent, topicOf } from '@linchpin/eventsourcing';
import { firstContactOf } from '../domain/person.decider';
import { people, responses } from '../domain/streams';

/**
 * An overdue task reminds its assignee: on coordination's own `TaskOverdue` (recorded by the task
 * timers), the assignee is paged on the incident as `POST …/responders` would page them (`AddResponders`:
 * `RespondersAdded` and a `ResponderPaged` v2 to their first contact method), the reason naming the
 * task and its due time. Event and page ids derive from the TaskOverdue's id, so a redelivery pages
 * nobody twice; a reactor rather than a second append in the timer, so a crash between the two loses
 * no reminder. Nobody is paged for a task without an assignee, a retired (or contactless) assignee,
 * or an incident resolved or merged since (each logged).
 */
@Injectable()
export class TaskRemindersReactor extends BusReactor {
  private readonly logger = new Logger(TaskRemindersReactor.name);

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(MESSAGE_BUS) bus: MessageBus,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    super(bus, 'coordination.task-reminders', [topicOf('coordination')]);
  }

  protected async react(event: PublishedEvent): Promise<void> {
    if (!TaskOverdue.is(event)) return;
    const { incidentId, taskId, title, assignee, dueAt } = event.data;
    if (assignee === null) return;
    const person = await people.load(this.store, { personId: assignee });
    if (person.status !== 'active') {
      this.logger.warn(`task ${taskId} of incident ${incidentId} is overdue but its assignee ${assignee} is ${person.status === 'retired' ? 'retired' : 'unknown'}: nobody reminded`);
      return;
    }
    const contact = firstContactOf(person);
    if (!contact) {
      this.logger.warn(`task ${taskId} of incident ${incidentId} is overdue but ${person.name} has no contact method: nobody reminded`);
      return;
    }
    try {
      await responses.handle(this.store, {
        type: 'AddResponders',
        incidentId,
        eventId: deterministicId(event.id, 'coordination.task-reminder'),
        by: 'system:coordination',
        people: [{ personId: person.personId, name: person.name, contactMethodId: contact.id, contactKind: contact.kind }],
        reason: `task "${title}" overdue since ${dueAt}`,
        context: { actor: 'system:coordination', causationId: event.id, occurredAt: this.clock.now().toISOString() },
      });
      this.logger.log(`reminded ${person.name} of overdue task ${taskId} (incident ${incidentId})`);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      this.logger.log(`task ${taskId} is overdue but incident ${incidentId} takes no page (${error.code}): nobody reminded`);
    }
  }
}
