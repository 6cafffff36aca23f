import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, Clock, DueTimer, EVENT_STORE, EventStore } from '@linchpin/eventsourcing';
import { DurableTimers } from '@linchpin/platform';
import { FireSlaTimer, SlaTarget, StopCause } from '../domain/sla';
import { ResponseState } from '../domain/response.decider';
import { INCIDENT_SLA_STREAM_PREFIX, incidentSlas, responses } from '../domain/streams';
import { SlaMetrics } from './sla.metrics';

/**
 * Fires the SLA clocks' durable timers (a `TimerDriver` on the `incidentSla-` streams, started with
 * the module, stopped on shutdown). A due clock whose fact has not reached it yet is checked against
 * the response stream first: an acknowledgement or resolution there at or before the due time is a
 * met clock, not a breach (the bus may bring the fact after the timer is due). Exactly once is the
 * decider's: a timer no longer pending decides nothing.
 */
@Injectable()
export class SlaTimers extends DurableTimers {
  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(CLOCK) clock: Clock,
    private readonly metrics: SlaMetrics,
  ) {
    super(store, clock, [INCIDENT_SLA_STREAM_PREFIX], 'system:coordination');
  }

  protected async fire(timer: DueTimer): Promise<void> {
    const incidentId = timer.streamId.slice(INCIDENT_SLA_STREAM_PREFIX.length);
    const target = timer.details?.target as SlaTarget | undefined;
    const happenedAt = target ? happenedIn(await responses.load(this.store, { incidentId }), target) : undefined;
    const command: FireSlaTimer = {
      type: 'FireSlaTimer',
      incidentId,
      timerId: timer.timerId,
      dueAt: timer.dueAt,
      ...(happenedAt ? { happenedAt } : {}),
      context: this.contextOf(timer),
    };
    this.metrics.recorded(await incidentSlas.handle(this.store, command));
  }
}

/**
 * When the response stream says what `target` measures happened (a resolution stops every clock).
 * Mitigation is not read here yet: the response stream does not record it today, so a mitigation
 * reaches the mitigate clock through the bus only.
 */
function happenedIn(state: ResponseState, target: SlaTarget): { at: string; cause: StopCause } | undefined {
  if (state.status === 'none') return undefined;
  if (target === 'acknowledge' && state.acknowledgedAt !== null) return { at: state.acknowledgedAt, cause: 'acknowledged' };
  return state.resolvedAt !== null ? { at: state.resolvedAt, cause: 'resolved' } : undefined;
}
