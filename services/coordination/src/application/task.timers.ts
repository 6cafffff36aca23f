import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, Clock, DueTimer, EVENT_STORE, EventStore } from '@linchpin/eventsourcing';
import { DurableTimers } from '@linchpin/platform';
import { TASK_STREAM_PREFIX, incidentTasks } from '../domain/streams';

/**
 * Fires tasks' due times (a `TimerDriver` on the `incidentTask-` streams, started with the module,
 * stopped on shutdown): a due time passed while the task is open or in progress records
 * `TaskOverdue`. Exactly once is the task decider's: a timer no longer pending (fired, or cancelled
 * by completion, cancellation or a moved due time) decides nothing, so a second process on the same
 * store, or a restart, reminds nobody twice.
 */
@Injectable()
export class TaskTimers extends DurableTimers {
  constructor(@Inject(EVENT_STORE) store: EventStore, @Inject(CLOCK) clock: Clock) {
    super(store, clock, [TASK_STREAM_PREFIX], 'system:coordination');
  }

  protected async fire(timer: DueTimer): Promise<void> {
    const taskId = timer.streamId.slice(TASK_STREAM_PREFIX.length);
    const { events } = await incidentTasks.handle(this.store, {
      type: 'FireTaskTimer',
      taskId,
      timerId: timer.timerId,
      dueAt: timer.dueAt,
      context: this.contextOf(timer),
    });
    for (const e of events) if (e.type === 'TaskOverdue') this.logger.log(`task ${taskId} of incident ${e.data.incidentId} is overdue (due ${e.data.dueAt})`);
  }
}
