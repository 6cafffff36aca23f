import { Inject, Injectable, Logger } from '@nestjs/common';
import { BusReactor } from '@linchpin/platform';
import { CLOCK, Clock, EVENT_STORE, EventStore, MESSAGE_BUS, MessageBus, PublishedEvent, topicOf } from '@linchpin/eventsourcing';
import { SlaBreached } from '@linchpin/contracts';
import { RespondToSlaBreach, ResponseState, slaBreachActionOf } from '../domain/response.decider';
import { responses } from '../domain/streams';
import { EscalationTimers } from './escalation.timers';

export const SLA_BREACH_GROUP = 'coordination.sla-breach';

/**
 * An SLA breach escalates by policy (issue 13): on coordination's own `SlaBreached` (its topic, its
 * own group, so neither paging nor the clocks wait on it) an unacknowledged incident is escalated to
 * its next level exactly as `POST …/escalate` does (the levels resolved by the escalation timers'
 * own preparation, then the response decider's `EscalateIncident`), an acknowledged one re-notifies
 * whom the last level paged, a resolved one is left alone (the response decider's `RespondToSlaBreach` says precisely).
 * Once per breach, whatever redelivers it: every event decided is caused by the breach, and the
 * decision finds a breach already answered in the response stream.
 */
@Injectable()
export class SlaBreachReactor extends BusReactor {
  private readonly logger = new Logger(SlaBreachReactor.name);

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(MESSAGE_BUS) bus: MessageBus,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly timers: EscalationTimers,
  ) {
    super(bus, SLA_BREACH_GROUP, [topicOf('coordination')]);
  }

  protected async react(event: PublishedEvent): Promise<void> {
    if (!SlaBreached.is(event)) return;
    const { incidentId, target, priority, dueAt } = event.data;
    const context = { actor: 'system:coordination', causationId: event.id, occurredAt: this.clock.now().toISOString() };
    const command: RespondToSlaBreach = { type: 'RespondToSlaBreach', incidentId, breachId: event.id, target, priority, dueAt, levels: [], context };
    const { events } = await responses.handle(this.store, command, { prepare: (c, state) => (c.type === 'RespondToSlaBreach' ? this.prepared(c, state) : c) });
    const paged = events.flatMap((e) => (e.type === 'ResponderPaged' ? [e.data.responder] : []));
    if (events.length > 0) this.logger.warn(`incident ${incidentId}: the ${priority} ${target} SLA was breached: ${events.some((e) => e.type === 'IncidentRenotified') ? 're-notified' : 'escalated, paged'} ${paged.join(', ') || 'nobody'}`);
  }

  /** Escalating: the pending level deadline's levels resolved now, as `POST …/escalate` resolves them. */
  private async prepared(command: RespondToSlaBreach, state: ResponseState): Promise<RespondToSlaBreach> {
    const deadline = state.escalation.deadline;
    if (slaBreachActionOf(state) !== 'escalate' || !deadline) return command;
    const fire = await this.timers.prepared({ type: 'FireTimer', incidentId: command.incidentId, timerId: deadline.timerId, dueAt: deadline.dueAt, levels: [], context: command.context }, state);
    return { ...command, levels: fire.levels, ...(fire.notificationRules ? { notificationRules: fire.notificationRules } : {}), ...(fire.onExhausted ? { onExhausted: fire.onExhausted } : {}) };
  }
}
