import { Inject, Injectable } from '@nestjs/common';
import { IncidentResolved } from '@linchpin/contracts';
import { BusReactor } from '@linchpin/platform';
import { deterministicId, EVENT_STORE, EventStore, MESSAGE_BUS, MessageBus, PublishedEvent, topicOf } from '@linchpin/eventsourcing';
import { alerts, incidents } from '../domain/streams';

/** Component name in the ids of the AlertClosed events (fixed forever: it makes redelivery a no-op). */
const ALERT_CLOSER = 'detection.alert-closer';

/**
 * When coordination resolves an incident (by hand or by auto-resolve), closes every alert of it,
 * as PagerDuty does: the next signal of the same fingerprint then opens a new incident, and pages,
 * instead of deduplicating into the resolved one (or rejoining it as a flapping alert). Each AlertClosed has an id
 * derived from the IncidentResolved and the alert, so a redelivery closes nothing twice.
 */
@Injectable()
export class IncidentResolvedReactor extends BusReactor {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(MESSAGE_BUS) bus: MessageBus,
  ) {
    super(bus, 'detection.incident-resolved', [topicOf('coordination')]);
  }

  protected async react(event: PublishedEvent): Promise<void> {
    if (!IncidentResolved.is(event)) return;
    const { incidentId, by } = event.data;
    const state = await incidents.load(this.store, { incidentId });
    // Every alert of the incident, firing or not: the alert decider closes what is still the incident's.
    // Signals of one fingerprint may race with the closing: the alerts binding retries, each round has a winner.
    for (const [alertId, alert] of Object.entries(state.alerts)) {
      await alerts.handle(this.store, {
        type: 'CloseAlert',
        eventId: deterministicId(event.id, `${ALERT_CLOSER}:${alertId}`),
        alertId,
        incidentId,
        fingerprint: alert.fingerprint,
        by,
        // The decision's time is the resolve's: the domain has no clock, and a redelivery must decide the same.
        context: { actor: 'system:detection', causationId: event.id, occurredAt: event.metadata.occurredAt },
      });
    }
  }
}
