import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, EventStore, ProjectionFeed } from '@linchpin/eventsourcing';
import { upcast } from '@linchpin/contracts';
import { Task, TaskEvent, TaskState, taskDecider } from '../domain/task.decider';
import { TASK_STREAM_PREFIX } from '../domain/streams';

/**
 * Every incident's tasks in the order they were created (log order of `TaskCreated`), folded from
 * the `incidentTask-` streams. Caught up on each read, so a task is listed right after its POST.
 */
@Injectable()
export class TasksProjection {
  private readonly tasks = new Map<string, TaskState>();
  private readonly byIncident = new Map<string, string[]>();
  private readonly feed: ProjectionFeed;

  constructor(@Inject(EVENT_STORE) store: EventStore) {
    this.feed = new ProjectionFeed(store, [TASK_STREAM_PREFIX], (event) => {
      const taskId = event.streamId.slice(TASK_STREAM_PREFIX.length);
      const before = this.tasks.get(taskId) ?? taskDecider.initialState;
      const after = taskDecider.evolve(before, upcast(event) as TaskEvent);
      this.tasks.set(taskId, after);
      if (before.status === 'none' && after.status !== 'none') this.byIncident.set(after.incidentId, [...(this.byIncident.get(after.incidentId) ?? []), taskId]);
    });
  }

  /** The incident's tasks, oldest first. */
  async ofIncident(incidentId: string): Promise<Task[]> {
    await this.feed.current();
    return (this.byIncident.get(incidentId) ?? []).flatMap((taskId) => {
      const task = this.tasks.get(taskId);
      return task && task.status !== 'none' ? [task] : [];
    });
  }
}
