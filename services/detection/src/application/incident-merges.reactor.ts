import { Inject, Injectable } from '@nestjs/common';
import { IncidentMerged, IncidentUnmerged } from '@linchpin/contracts';
import { BusReactor } from '@linchpin/platform';
import { CommandContext, deterministicId, EVENT_STORE, EventStore, MESSAGE_BUS, MessageBus, PublishedEvent, topicOf } from '@linchpin/eventsourcing';
import { MovedAlert, movedAlertOf } from '../domain/incident.decider';
import { alerts, incidents } from '../domain/streams';

/** Component name in the ids of the events a merge moves (fixed forever: it makes redelivery a no-op). */
const MOVER = 'detection.incident-merge';

/**
 * issue 13: when coordination merges an incident into another (`IncidentMerged`), its alerts join
 * the survivor; when it undoes the merge (`IncidentUnmerged`), the alerts that came with it go back.
 * For each alert: `AlertMovedToIncident` on its `alert-<fingerprint>` stream (a re-fire then
 * deduplicates into, and a resolve or close names, the survivor), then `AlertsMovedToIncident` on
 * the receiving incident and `AlertsMovedOutOfIncident` on the other. Every id derives from
 * coordination's event (and the alert), and each decider moves only what has not moved, so a
 * redelivery, or a crash anywhere in between, neither loses nor doubles a move.
 */
@Injectable()
export class IncidentMergesReactor extends BusReactor {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(MESSAGE_BUS) bus: MessageBus,
  ) {
    super(bus, 'detection.incident-merges', [topicOf('coordination')]);
  }

  protected async react(event: PublishedEvent): Promise<void> {
    if (IncidentMerged.is(event)) {
      const { incidentId, into } = event.data;
      const state = await incidents.load(this.store, { incidentId });
      if (!state.detected && Object.keys(state.alerts).length === 0) return; // an incident detection never saw
      const moving = Object.entries(state.alerts).map(([alertId, alert]) => movedAlertOf(alertId, alert));
      await this.move(event, { from: incidentId, to: into, reason: 'merged', alerts: moving });
      return;
    }
    if (IncidentUnmerged.is(event)) {
      const { incidentId, from } = event.data;
      const survivor = await incidents.load(this.store, { incidentId: from });
      // The alerts that came with the merge go back; those that joined the survivor on their own stay.
      const moving = Object.entries(survivor.alerts)
        .filter(([, alert]) => alert.movedFrom === incidentId)
        .map(([alertId, alert]) => movedAlertOf(alertId, alert));
      const home = await incidents.load(this.store, { incidentId });
      if (moving.length === 0 && home.mergedInto === undefined) return;
      await this.move(event, { from, to: incidentId, reason: 'unmerged', alerts: moving });
    }
  }

  private async move(cause: PublishedEvent, move: { from: string; to: string; reason: 'merged' | 'unmerged'; alerts: MovedAlert[] }): Promise<void> {
    // The decision's time is coordination's: a redelivery decides the same.
    const context: CommandContext = { actor: 'system:detection', causationId: cause.id, occurredAt: cause.metadata.occurredAt };
    for (const alert of move.alerts) {
      await alerts.handle(this.store, {
        type: 'MoveAlert',
        eventId: deterministicId(cause.id, `${MOVER}:${alert.alertId}`),
        alertId: alert.alertId,
        fingerprint: alert.fingerprint,
        from: move.from,
        to: move.to,
        reason: move.reason,
        context,
      });
    }
    await incidents.handle(this.store, {
      type: 'MoveAlertsIn',
      incidentId: move.to,
      eventId: deterministicId(cause.id, `${MOVER}.in`),
      from: move.from,
      reason: move.reason,
      alerts: move.alerts,
      context,
    });
    await incidents.handle(this.store, {
      type: 'MoveAlertsOut',
      incidentId: move.from,
      eventId: deterministicId(cause.id, `${MOVER}.out`),
      to: move.to,
      reason: move.reason,
      alertIds: move.alerts.map((a) => a.alertId),
      context,
    });
  }
}
