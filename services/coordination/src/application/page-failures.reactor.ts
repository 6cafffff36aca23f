import { Inject, Injectable, Logger } from '@nestjs/common';
import { DeliveryAttemptFailed, DeliveryAttemptFailedEvent, NotificationFailed } from '@linchpin/contracts';
import { BusReactor } from '@linchpin/platform';
import { CLOCK, Clock, deterministicId, EVENT_STORE, EventStore, MESSAGE_BUS, MessageBus, PublishedEvent, topicOf } from '@linchpin/eventsourcing';
import { people, responses } from '../domain/streams';
import { RecordDeliveryAttemptFailed, ResponseState } from '../domain/response.decider';
import { directoryPerson } from './escalation-directory';
import { PagingMetrics } from './paging.metrics';

/**
 * A dead webhook must not leave an incident looking paged: when comms gives up on a page
 * (NotificationFailed of kind page), record PageFailed, and while nobody has been reached say so
 * loudly (a warning, `linchpin_incidents_unpaged_total{reason="page-failed"}`, `paged: false` in
 * every view). The id derives from comms' event, so a redelivery records and counts nothing twice.
 *
 * A failed attempt moves the person on at once: on comms' first `DeliveryAttemptFailed` of a page
 * (kind page), the escalation notifies the person through the next contact method of their
 * notification rules (read from their person stream before deciding); later attempts of the same
 * page, and redeliveries, decide nothing.
 */
@Injectable()
export class PageFailuresReactor extends BusReactor {
  private readonly logger = new Logger(PageFailuresReactor.name);

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(MESSAGE_BUS) bus: MessageBus,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly metrics: PagingMetrics,
  ) {
    super(bus, 'coordination.page-failures', [topicOf('comms')]);
  }

  protected async react(event: PublishedEvent): Promise<void> {
    if (DeliveryAttemptFailed.is(event)) return this.moveOn(event);
    if (!NotificationFailed.is(event) || event.data.kind !== 'page') return;
    const { incidentId, subjectId: pageId, error } = event.data;
    const result = await responses.handle(this.store, {
      type: 'RecordPageFailure',
      incidentId,
      eventId: deterministicId(event.id, 'coordination.page-failed'),
      pageId,
      error,
      context: { actor: 'system:coordination', causationId: event.id, occurredAt: this.clock.now().toISOString() },
    });
    for (const e of result.events) {
      if (e.type !== 'PageFailed') continue;
      if (e.data.paged) {
        this.logger.warn(`a page for incident ${incidentId} failed (someone is already on it): ${e.data.reason}`);
      } else {
        this.metrics.incidentUnpaged('page-failed');
        this.logger.warn(`nobody was reached for incident ${incidentId}: ${e.data.reason}`);
      }
    }
  }

  private async moveOn(event: DeliveryAttemptFailedEvent): Promise<void> {
    const { kind, incidentId, pageId } = event.data;
    if (kind !== 'page' || pageId === undefined) return;
    const command: RecordDeliveryAttemptFailed = {
      type: 'RecordDeliveryAttemptFailed',
      incidentId,
      pageId,
      rules: [],
      context: { actor: 'system:coordination', causationId: event.id, occurredAt: this.clock.now().toISOString() },
    };
    const { events } = await responses.handle(this.store, command, {
      prepare: (c, state) => (c.type === 'RecordDeliveryAttemptFailed' ? this.withRules(c, state) : c),
    });
    for (const e of events) if (e.type === 'IncidentRenotified') this.logger.warn(`incident ${incidentId}: ${e.data.reason}`);
  }

  /** The paged person's notification rules as they stand now. */
  private async withRules(command: RecordDeliveryAttemptFailed, state: ResponseState): Promise<RecordDeliveryAttemptFailed> {
    const page = state.escalation.pages[command.pageId];
    if (!page) return command;
    const person = directoryPerson(await people.load(this.store, { personId: page.personId }));
    return { ...command, rules: person && !person.retired ? [...person.rules] : [] };
  }
}
