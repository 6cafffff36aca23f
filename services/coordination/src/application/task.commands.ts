import { Query } from '@nestjs/cqrs';
import { commandWith, RequestContext } from '@linchpin/platform';
import { CancelTask, CreateTask, Task, TaskDetails, TaskStatus } from '../domain/task.decider';

/** A task as the routes answer it: every key present, `null` where there is nothing. */
export interface TaskView {
  taskId: string;
  incidentId: string;
  title: string;
  status: TaskStatus;
  assignee: { personId: string; name: string } | null;
  instructions: string | null;
  runbookUrl: string | null;
  dueAt: string | null;
  /** True once the current due time passed with the task unfinished (`TaskOverdue` recorded). */
  overdue: boolean;
  overdueAt: string | null;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  startedAt: string | null;
  completedAt: string | null;
  cancelledAt: string | null;
  cancelReason: string | null;
}

export const taskView = (task: Task): TaskView => ({
  taskId: task.taskId,
  incidentId: task.incidentId,
  title: task.title,
  status: task.status,
  assignee: task.assignee,
  instructions: task.instructions,
  runbookUrl: task.runbookUrl,
  dueAt: task.dueAt,
  overdue: task.overdueAt !== null,
  overdueAt: task.overdueAt,
  createdAt: task.createdAt,
  createdBy: task.createdBy,
  updatedAt: task.updatedAt,
  startedAt: task.startedAt,
  completedAt: task.completedAt,
  cancelledAt: task.cancelledAt,
  cancelReason: task.cancelReason,
});

/** The assignee by person id: the handler checks the person is known and active. */
export class CreateTaskCommand extends commandWith<
  Pick<CreateTask, 'incidentId' | 'details'> & { assignee?: string; request: RequestContext },
  { taskId: string }
>() {}

export class UpdateTaskCommand extends commandWith<{ taskId: string; changes: Partial<TaskDetails>; assignee?: string; request: RequestContext }, TaskView>() {}

export class StartTaskCommand extends commandWith<{ taskId: string; request: RequestContext }, { eventId: string }>() {}

export class CompleteTaskCommand extends commandWith<{ taskId: string; request: RequestContext }, { eventId: string }>() {}

export class CancelTaskCommand extends commandWith<Pick<CancelTask, 'taskId' | 'reason'> & { request: RequestContext }, { eventId: string }>() {}

export class GetTaskQuery extends Query<TaskView> {
  constructor(readonly taskId: string) {
    super();
  }
}

export class ListIncidentTasksQuery extends Query<{ items: TaskView[] }> {
  constructor(readonly incidentId: string) {
    super();
  }
}
