import { Inject, Injectable, Logger } from '@nestjs/common';
import { AlertFired } from '@linchpin/contracts';
import { BusReactor } from '@linchpin/platform';
import {
  EVENT_STORE,
  EventStore,
  executeCommand,
  MESSAGE_BUS,
  MessageBus,
  PublishedEvent,
  topicOf,
} from '@linchpin/eventsourcing';
import { detectIncidentFor, incidentDecider } from '../domain/incident.decider';
import { detectionStream } from '../domain/streams';
import { RecordedIncidents } from './recorded-incidents';

/**
 * Repairs a crash between the two appends of an alert that opened an incident: for every
 * AlertFired on detection's own topic, record its IncidentDetected. The request handler has
 * normally done it already; the event is the same (same deterministic id), so this is a no-op.
 */
@Injectable()
export class IncidentOpenerReactor extends BusReactor {
  private readonly logger = new Logger(IncidentOpenerReactor.name);

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(MESSAGE_BUS) bus: MessageBus,
    private readonly recorded: RecordedIncidents,
  ) {
    super(bus, 'detection', [topicOf('detection')]);
  }

  protected async react(event: PublishedEvent): Promise<void> {
    if (!AlertFired.is(event) || this.recorded.has(event.data.incidentId)) return;
    const { events } = await executeCommand(this.store, detectionStream(event.data.incidentId), incidentDecider, detectIncidentFor(event));
    if (events.length > 0) this.logger.warn(`repaired incident ${event.data.incidentId}: IncidentDetected was missing after AlertFired ${event.id}`);
  }
}
