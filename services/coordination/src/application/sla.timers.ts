import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap, Logger } from '@nestjs/common';
import { CLOCK, Clock, DueTimer, EVENT_STORE, EventStore, TimerDriver } from '@linchpin/eventsourcing';
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
export class SlaTimers implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(SlaTimers.name);
  /** Exposed for tests: `driver.tick()` runs one pass now. */
  readonly driver: TimerDriver;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly metrics: SlaMetrics,
  ) {
    this.driver = new TimerDriver({
      store,
      clock,
      streamPrefixes: [INCIDENT_SLA_STREAM_PREFIX],
      fire: (timer) => this.fire(timer),
      logger: { warn: (message) => this.logger.warn(message) },
    });
  }

  onApplicationBootstrap(): void {
    this.driver.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.driver.stop();
  }

  private async fire(timer: DueTimer): Promise<void> {
    const incidentId = timer.streamId.slice(INCIDENT_SLA_STREAM_PREFIX.length);
    const target = timer.details?.target as SlaTarget | undefined;
    const happenedAt = target ? happenedIn(await responses.load(this.store, { incidentId }), target) : undefined;
    const command: FireSlaTimer = {
      type: 'FireSlaTimer',
      incidentId,
      timerId: timer.timerId,
      dueAt: timer.dueAt,
      ...(happenedAt ? { happenedAt } : {}),
      context: { actor: 'system:coordination', causationId: timer.scheduledEventId, occurredAt: this.clock.now().toISOString() },
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
