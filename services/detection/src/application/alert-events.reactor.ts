import { Inject, Injectable } from '@nestjs/common';
import { AlertClosed, AlertFired, AlertGrouped, AlertResolved } from '@linchpin/contracts';
import { BusReactor } from '@linchpin/platform';
import { EVENT_STORE, EventStore, MESSAGE_BUS, MessageBus, PublishedEvent, topicOf } from '@linchpin/eventsourcing';
import { incidents } from '../domain/streams';

/**
 * Keeps each incident's stream in step with its alerts, from detection's own topic: records the
 * incident its first alert (or group) opened, which alerts joined and resolved (or were closed with
 * the incident), SignalsCleared
 * when none fires any more, and the assessment. Every event it writes has an id derived from its
 * cause, so redelivery, and a crash anywhere in between, neither loses nor doubles one.
 */
@Injectable()
export class AlertEventsReactor extends BusReactor {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(MESSAGE_BUS) bus: MessageBus,
  ) {
    super(bus, 'detection', [topicOf('detection')]);
  }

  protected async react(event: PublishedEvent): Promise<void> {
    if (!AlertFired.is(event) && !AlertGrouped.is(event) && !AlertResolved.is(event) && !AlertClosed.is(event)) return;
    // Alerts of one incident come in from several streams: conflicts on its stream are expected (the binding retries).
    await incidents.handle(this.store, { type: 'ObserveSignal', incidentId: event.data.incidentId, event });
  }
}
