import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, Clock, DueTimer, EVENT_STORE, EventStore } from '@linchpin/eventsourcing';
import { DurableTimers } from '@linchpin/platform';
import { FireTimer, ResponseState } from '../domain/response.decider';
import { levelToResolve, ruleTimerPerson } from '../domain/escalation';
import { RESPONSE_STREAM_PREFIX, people, responses } from '../domain/streams';
import { EscalationPlanner } from './escalation-plans';
import { directoryPerson } from './escalation-directory';

/**
 * Fires the escalations' durable timers (a `TimerDriver` on the `response-` streams, started with
 * the module like the relay, stopped on shutdown): a level's deadline pages the next level (or
 * skips it, repeats the policy, or exhausts it and pages the default route's team), an
 * acknowledgement timeout re-notifies, a paged person's later notification rule notifies them
 * through its contact method while nobody acknowledged. The levels are resolved before deciding, from the state the
 * decision reads. Exactly once is the response decider's: a timer no longer pending decides
 * nothing, so a second process on the same store, or a restart, pages nobody twice.
 */
@Injectable()
export class EscalationTimers extends DurableTimers {
  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(CLOCK) clock: Clock,
    private readonly planner: EscalationPlanner,
  ) {
    super(store, clock, [RESPONSE_STREAM_PREFIX], 'system:coordination');
  }

  protected async fire(timer: DueTimer): Promise<void> {
    const incidentId = timer.streamId.slice(RESPONSE_STREAM_PREFIX.length);
    const command: FireTimer = {
      type: 'FireTimer',
      incidentId,
      timerId: timer.timerId,
      dueAt: timer.dueAt,
      levels: [],
      context: this.contextOf(timer),
    };
    const { events } = await responses.handle(this.store, command, { prepare: (c, state) => (c.type === 'FireTimer' ? this.prepared(c, state) : c) });
    for (const e of events) {
      if (e.type === 'EscalationExhausted') this.logger.warn(`incident ${incidentId}: ${e.data.reason}`);
      else if (e.type !== 'TimerFired' && e.type !== 'TimerScheduled') this.logger.log(`${e.type} for incident ${incidentId} (timer ${timer.purpose})`);
    }
  }

  /**
   * The levels this firing would page, resolved now (with their people's notification rules), and whom
   * the default route's team pages if it exhausts the policy; for a notification rule, the person's rules now.
   */
  async prepared(command: FireTimer, state: ResponseState): Promise<FireTimer> {
    const escalation = state.escalation;
    const ruled = ruleTimerPerson(escalation, command.timerId);
    if (ruled !== undefined) {
      const person = directoryPerson(await people.load(this.store, { personId: ruled }));
      return { ...command, notificationRules: { [ruled]: person && !person.retired ? [...person.rules] : [] } };
    }
    const { policy } = escalation;
    if (!policy || escalation.deadline?.timerId !== command.timerId || escalation.acknowledged || escalation.resolved || escalation.exhausted) return command;
    const at = command.context.occurredAt;
    const from = levelToResolve(escalation, command.timerId);
    if (from) return { ...command, ...(await this.planner.resolve(policy, from, at, escalation.fallbackTeam)) };
    // No level left to resolve: the policy is exhausted now.
    const onExhausted = await this.planner.onExhausted([], escalation.fallbackTeam, at);
    return { ...command, levels: [], ...(onExhausted ? { onExhausted } : {}) };
  }
}

