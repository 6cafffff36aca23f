import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, Clock, DueTimer, EVENT_STORE, EventStore } from '@linchpin/eventsourcing';
import { DurableTimers } from '@linchpin/platform';
import { ACTION_ITEM_DUE_PURPOSE } from '../../domain/postmortem/action-item-due';
import { POSTMORTEM_STREAM_PREFIX, postmortems } from '../../domain/streams';

/**
 * Action items' due dates (durable timers in `postmortem-<incidentId>`): when one passes while the item is open, the
 * postmortem records `ActionItemOverdue` (published on review's topic, for a notifier to deliver) with the timer's
 * firing, in one append. A due date that passed while review was down fires at its start.
 */
@Injectable()
export class ActionItemTimers extends DurableTimers {
  constructor(@Inject(EVENT_STORE) store: EventStore, @Inject(CLOCK) clock: Clock) {
    super(store, clock, [POSTMORTEM_STREAM_PREFIX], 'system:review');
  }

  protected async fire(timer: DueTimer): Promise<void> {
    if (timer.purpose !== ACTION_ITEM_DUE_PURPOSE) return;
    const incidentId = timer.streamId.slice(POSTMORTEM_STREAM_PREFIX.length);
    await postmortems.handle(this.store, { type: 'FireActionItemTimer', incidentId, timerId: timer.timerId, context: this.contextOf(timer) });
  }
}
