import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { CLOCK, Clock, DueTimer, EVENT_STORE, EventStore, TimerDriver } from '@linchpin/eventsourcing';
import { TASK_STREAM_PREFIX, incidentTasks } from '../domain/streams';

/**
 * Fires tasks' due times (a `TimerDriver` on the `incidentTask-` streams, started with the module,
 * stopped on shutdown): a due time passed while the task is open or in progress records
 * `TaskOverdue`. Exactly once is the task decider's: a timer no longer pending (fired, or cancelled
 * by completion, cancellation or a moved due time) decides nothing, so a second process on the same
 * store, or a restart, reminds nobody twice.
 */
@Injectable()
export class TaskTimers implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(TaskTimers.name);
  /** Exposed for tests: `driver.tick()` runs one pass now. */
  readonly driver: TimerDriver;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.driver = new TimerDriver({
      store,
      clock,
      streamPrefixes: [TASK_STREAM_PREFIX],
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
    const taskId = timer.streamId.slice(TASK_STREAM_PREFIX.length);
    const { events } = await incidentTasks.handle(this.store, {
      type: 'FireTaskTimer',
      taskId,
      timerId: timer.timerId,
      dueAt: timer.dueAt,
      context: { actor: 'system:coordination', causationId: timer.scheduledEventId, occurredAt: this.clock.now().toISOString() },
    });
    for (const e of events) if (e.type === 'TaskOverdue') this.logger.log(`task ${taskId} of incident ${e.data.incidentId} is overdue (due ${e.data.dueAt})`);
  }
}
