import { Inject, Injectable, Logger } from '@nestjs/common';
import { BusReactor } from '@linchpin/platform';
import { CLOCK, Clock, EVENT_STORE, EventStore, MESSAGE_BUS, MessageBus, PublishedEvent, topicOf } from '@linchpin/eventsourcing';
import { SlaBreached } from '@linchpin/contracts';
import { RespondToSlaBreach, ResponseState, slaBreachActionOf } from '../domain/response.decider';
import { breachLevelToResolve } from '../domain/escalation';
import { responses } from '../domain/streams';
import { EscalationPlanner } from './escalation-plans';
import { EscalationTimers } from './escalation.timers';

export const SLA_BREACH_GROUP = 'coordination.sla-breach';

/**
 * An SLA breach escalates by policy (issue 13): on coordination's own `SlaBreached` (its topic, its
 * own group, so neither paging nor the clocks wait on it) an unacknowledged incident is escalated to
 * its next level exactly as `POST …/escalate` does (the levels resolved by the escalation timers'
 * own preparation, then the response decider's `EscalateIncident`); an acknowledged one has its
 * policy's next level paged into the response (resolved by `EscalationPlanner.resolve`, the one place
 * levels are resolved), or, with no next level, re-notifies its responders; a resolved one is left
 * alone (the response decider's `RespondToSlaBreach` says precisely).
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
    private readonly planner: EscalationPlanner,
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

  /**
   * Escalating: the pending level deadline's levels resolved now, as `POST …/escalate` resolves them.
   * Paging an acknowledged incident's next level: the policy's levels from it on, resolved now.
   */
  private async prepared(command: RespondToSlaBreach, state: ResponseState): Promise<RespondToSlaBreach> {
    // Already answered (a redelivery): the decision is nothing, so nothing is read for it.
    if (state.causes[command.breachId]) return command;
    const action = slaBreachActionOf(state, command.dueAt);
    const next = breachLevelToResolve(state.escalation);
    if (action === 'page-next-level' && next && state.escalation.policy) {
      const { levels } = await this.planner.resolve(state.escalation.policy, next, command.context.occurredAt);
      return { ...command, levels };
    }
    const deadline = state.escalation.deadline;
    if (action !== 'escalate' || !deadline) return command;
    const fire = await this.timers.prepared({ type: 'FireTimer', incidentId: command.incidentId, timerId: deadline.timerId, dueAt: deadline.dueAt, levels: [], context: command.context }, state);
    return { ...command, levels: fire.levels, ...(fire.notificationRules ? { notificationRules: fire.notificationRules } : {}), ...(fire.onExhausted ? { onExhausted: fire.onExhausted } : {}) };
  }
}
