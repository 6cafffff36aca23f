import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, Clock, CommandContext, DueTimer, EVENT_STORE, EventStore, isPending } from '@linchpin/eventsourcing';
import { UpdateOverdueEvent } from '@linchpin/contracts';
import { DurableTimers } from '@linchpin/platform';
import { CADENCE_TIMER_PURPOSE, IncidentCadenceState, whoToNotify } from '../../domain/cadence/incident-cadence.decider';
import { updateOverdueIdOf } from '../../domain/cadence/update-overdue.decider';
import { sendToPerson } from '../message-to-person';
import { INCIDENT_CADENCE_STREAM_PREFIX, incidentCadences, updateOverdues } from '../../domain/streams';

/**
 * When an incident's update deadline passes (its durable timer in `commsUpdateCadence-<incidentId>`):
 * `UpdateOverdue` is published, its communications lead (else its commander) is sent an `update-overdue`
 * message through the delivery requests like any page, and the next deadline is armed a cadence later.
 * In that order, each step keyed by the timer, so a crash anywhere fires the timer again after the
 * restart and only the missing steps are recorded: one UpdateOverdue and one message per deadline.
 */
@Injectable()
export class UpdateCadenceTimers extends DurableTimers {
  constructor(@Inject(EVENT_STORE) store: EventStore, @Inject(CLOCK) clock: Clock) {
    super(store, clock, [INCIDENT_CADENCE_STREAM_PREFIX], 'system:comms');
  }

  protected async fire(timer: DueTimer): Promise<void> {
    if (timer.purpose !== CADENCE_TIMER_PURPOSE) return;
    const incidentId = timer.streamId.slice(INCIDENT_CADENCE_STREAM_PREFIX.length);
    const state = await incidentCadences.load(this.store, { incidentId });
    if (!isPending(state.timers, timer.timerId) || state.status !== 'open' || state.priority === null || state.cadenceMinutes === null) return;
    const context = this.contextOf(timer);
    const overdue = await this.recordOverdue(incidentId, timer, state, context);
    if (overdue.data.notified === null) {
      this.logger.warn(`update overdue for incident ${incidentId} (${overdue.data.priority}): nobody is notified: ${overdue.data.reason ?? ''}`);
    } else {
      await this.notify(overdue, context);
    }
    await incidentCadences.handle(this.store, { type: 'FireCadenceTimer', incidentId, timerId: timer.timerId, dueAt: timer.dueAt, context });
  }

  /** The UpdateOverdue of this deadline: recorded now, or as a run before a crash recorded it. */
  private async recordOverdue(incidentId: string, timer: DueTimer, state: IncidentCadenceState, context: CommandContext): Promise<UpdateOverdueEvent> {
    const notified = whoToNotify(state);
    const { state: recorded } = await updateOverdues.handle(this.store, {
      type: 'RecordUpdateOverdue',
      incidentId,
      timerId: timer.timerId,
      overdue: {
        incidentId,
        priority: state.priority!,
        cadenceMinutes: state.cadenceMinutes!,
        cadenceVersion: state.cadenceVersion ?? 1,
        lastUpdateAt: state.lastUpdateAt,
        dueAt: new Date(timer.dueAt).toISOString(),
        notified,
        ...(notified === null ? { reason: 'the incident has neither a communications lead nor a commander' } : {}),
      },
      context,
    });
    return recorded.recorded[updateOverdueIdOf(timer.timerId)];
  }

  /** The lead's (else the commander's) `update-overdue` message: an update reminder, not a page (the status updates' pool; no PageFailed follows a failure). */
  private async notify(overdue: UpdateOverdueEvent, context: CommandContext): Promise<void> {
    const { personId, role } = overdue.data.notified!;
    const d = overdue.data;
    await sendToPerson(this.store, {
      personId,
      incidentId: d.incidentId,
      subjectId: overdue.id,
      kind: 'status-update',
      body: { type: 'update-overdue', incidentId: d.incidentId, priority: d.priority, cadenceMinutes: d.cadenceMinutes, lastUpdateAt: d.lastUpdateAt, dueAt: d.dueAt, role },
      context,
    });
  }
}
