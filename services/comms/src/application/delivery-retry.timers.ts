import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, Clock, DueTimer, EVENT_STORE, EventStore } from '@linchpin/eventsourcing';
import { DurableTimers } from '@linchpin/platform';
import { RETRY_TIMER_PURPOSE } from '../domain/delivery';
import { DELIVERY_STREAM_PREFIX, deliveries } from '../domain/streams';

/**
 * Fires the retry timers of deliveries (`TimerScheduled` appended with each `DeliveryAttemptFailed`
 * that has a next attempt, in the delivery's `delivery-` stream). Firing only records `TimerFired`;
 * the dispatcher, following the stream, then makes the attempt in its pools, so a slow receiver's
 * retry never holds up the other timers. A timer pending at a crash fires after the restart, once
 * (the decider fires only a pending timer), so a retry is neither lost nor doubled.
 */
@Injectable()
export class DeliveryRetryTimers extends DurableTimers {
  constructor(@Inject(EVENT_STORE) store: EventStore, @Inject(CLOCK) clock: Clock) {
    super(store, clock, [DELIVERY_STREAM_PREFIX], 'system:comms');
  }

  protected async fire(timer: DueTimer): Promise<void> {
    if (timer.purpose !== RETRY_TIMER_PURPOSE) return;
    const deliveryId = timer.streamId.slice(DELIVERY_STREAM_PREFIX.length);
    await deliveries.handle(this.store, {
      type: 'FireRetryTimer',
      deliveryId,
      incidentId: timer.metadata.incidentId,
      timerId: timer.timerId,
      dueAt: timer.dueAt,
      context: this.contextOf(timer),
    });
  }
}
