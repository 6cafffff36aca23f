import {
  CommandContext,
  Decider,
  DomainError,
  NotFoundError,
  PendingTimers,
  TimerEvent,
  assertNever,
  deterministicId,
  evolveTimers,
  isPending,
  isTimerEvent,
  metadataOf,
  noPendingTimers,
  scheduleTimer,
  timerCancelled,
  timerFired,
} from '@linchpin/eventsourcing';
import {
  TaskAssignedEvent,
  TaskAssignedV1,
  TaskCancelledEvent,
  TaskCancelledV1,
  TaskCompletedEvent,
  TaskCompletedV1,
  TaskCreatedEvent,
  TaskCreatedV1,
  TaskOverdueEvent,
  TaskOverdueV1,
  TaskStartedEvent,
  TaskStartedV1,
  TaskUpdatedEvent,
  TaskUpdatedV1,
} from '@linchpin/contracts';

/** The durable timer's purpose on `incidentTask-` streams: the task's due time. */
export const TASK_DUE = 'task-due';

/** Each due time set gets its own timer (the n-th of the task), so a moved due time never reuses a cancelled one's ids. */
export const taskDueTimerId = (taskId: string, n: number): string => deterministicId(taskId, 'coordination.task-due', n);

export type TaskStatus = 'open' | 'in_progress' | 'done' | 'cancelled';

/** A person the application found active when the command was sent (their id and name). */
export interface Assignee {
  personId: string;
  name: string;
}

/** The editable details of a task; `null` clears an optional one. */
export interface TaskDetails {
  title: string;
  instructions: string | null;
  runbookUrl: string | null;
  dueAt: string | null;
}

export interface CreateTask {
  type: 'CreateTask';
  taskId: string;
  incidentId: string;
  eventId: string;
  details: TaskDetails;
  /** Checked by the application: a known, active person. */
  assignee: Assignee | null;
  context: CommandContext;
}

/** A PATCH: the details it names (others unchanged) and, in the same append, a new assignee. */
export interface UpdateTask {
  type: 'UpdateTask';
  taskId: string;
  eventId: string;
  changes: Partial<TaskDetails>;
  assignee?: Assignee;
  context: CommandContext;
}

export interface AssignTask {
  type: 'AssignTask';
  taskId: string;
  eventId: string;
  assignee: Assignee;
  context: CommandContext;
}

export interface StartTask {
  type: 'StartTask';
  taskId: string;
  eventId: string;
  context: CommandContext;
}

export interface CompleteTask {
  type: 'CompleteTask';
  taskId: string;
  eventId: string;
  context: CommandContext;
}

export interface CancelTask {
  type: 'CancelTask';
  taskId: string;
  eventId: string;
  reason: string | null;
  context: CommandContext;
}

/** The task's due-time timer came due (the `TimerDriver`); a timer no longer pending decides nothing. */
export interface FireTaskTimer {
  type: 'FireTaskTimer';
  taskId: string;
  timerId: string;
  dueAt: string;
  context: CommandContext;
}

export type TaskCommand = CreateTask | UpdateTask | AssignTask | StartTask | CompleteTask | CancelTask | FireTaskTimer;
export type TaskEvent = TaskCreatedEvent | TaskUpdatedEvent | TaskAssignedEvent | TaskStartedEvent | TaskCompletedEvent | TaskCancelledEvent | TaskOverdueEvent | TimerEvent;

export interface Task extends TaskDetails {
  taskId: string;
  incidentId: string;
  status: TaskStatus;
  assignee: Assignee | null;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  startedAt: string | null;
  completedAt: string | null;
  cancelledAt: string | null;
  cancelReason: string | null;
  /** When the current due time passed unfinished (reset when the due time moves). */
  overdueAt: string | null;
  /** The current due time's timer while it is pending. */
  dueTimerId: string | null;
  /** How many due-time timers were ever scheduled (the next one's index). */
  dueTimers: number;
  timers: PendingTimers;
}

export type TaskState = { status: 'none'; timers: PendingTimers; dueTimers: number } | Task;

export const taskDecider: Decider<TaskCommand, TaskState, TaskEvent> = {
  initialState: { status: 'none', timers: noPendingTimers, dueTimers: 0 },
  evolve(state, event) {
    if (isTimerEvent(event)) return evolveTimer(state, event);
    if (event.type === 'TaskCreated') {
      const d = event.data;
      const at = event.metadata.occurredAt;
      return {
        taskId: d.taskId,
        incidentId: d.incidentId,
        status: 'open',
        title: d.title,
        instructions: d.instructions,
        runbookUrl: d.runbookUrl,
        dueAt: d.dueAt,
        assignee: d.assignee === null ? null : { personId: d.assignee, name: d.assigneeName ?? d.assignee },
        createdAt: at,
        createdBy: event.metadata.actor,
        updatedAt: at,
        startedAt: null,
        completedAt: null,
        cancelledAt: null,
        cancelReason: null,
        overdueAt: null,
        dueTimerId: null,
        dueTimers: state.dueTimers,
        timers: state.timers,
      };
    }
    if (state.status === 'none') return state;
    const at = event.metadata.occurredAt;
    switch (event.type) {
      case 'TaskUpdated': {
        const { title, instructions, runbookUrl, dueAt, changed } = event.data;
        return { ...state, title, instructions, runbookUrl, dueAt, updatedAt: at, overdueAt: changed.includes('dueAt') ? null : state.overdueAt };
      }
      case 'TaskAssigned':
        return { ...state, assignee: { personId: event.data.assignee, name: event.data.assigneeName }, updatedAt: at };
      case 'TaskStarted':
        return { ...state, status: 'in_progress', startedAt: at, updatedAt: at };
      case 'TaskCompleted':
        return { ...state, status: 'done', completedAt: at, updatedAt: at };
      case 'TaskCancelled':
        return { ...state, status: 'cancelled', cancelledAt: at, cancelReason: event.data.reason, updatedAt: at };
      case 'TaskOverdue':
        return { ...state, overdueAt: at };
      default:
        return assertNever(event);
    }
  },
  decide(command, state) {
    switch (command.type) {
      case 'CreateTask':
        return decideCreate(command, state);
      case 'UpdateTask':
        return decideUpdate(command, existing(command.taskId, state));
      case 'AssignTask':
        return decideAssign(command, unfinished(existing(command.taskId, state), 'assigned'));
      case 'StartTask':
        return decideStart(command, existing(command.taskId, state));
      case 'CompleteTask':
        return decideComplete(command, existing(command.taskId, state));
      case 'CancelTask':
        return decideCancel(command, existing(command.taskId, state));
      case 'FireTaskTimer':
        return decideTimer(command, state);
      default:
        return assertNever(command);
    }
  },
};

function evolveTimer(state: TaskState, event: TimerEvent): TaskState {
  const timers = evolveTimers(state.timers, event);
  switch (event.type) {
    case 'TimerScheduled':
      if (event.data.purpose !== TASK_DUE) return { ...state, timers };
      return state.status === 'none'
        ? { ...state, timers, dueTimers: state.dueTimers + 1 }
        : { ...state, timers, dueTimers: state.dueTimers + 1, dueTimerId: event.data.timerId };
    case 'TimerFired':
    case 'TimerCancelled':
      if (state.status === 'none') return { ...state, timers };
      return { ...state, timers, dueTimerId: state.dueTimerId === event.data.timerId ? null : state.dueTimerId };
    default:
      return assertNever(event);
  }
}

function existing(taskId: string, state: TaskState): Task {
  if (state.status === 'none') throw new NotFoundError('task', taskId);
  return state;
}

/** A finished task takes no change: say which way it finished. */
function unfinished(task: Task, move: string): Task {
  switch (task.status) {
    case 'open':
    case 'in_progress':
      return task;
    case 'done':
      throw new DomainError('task_done', `task "${task.title}" is done: it cannot be ${move}`);
    case 'cancelled':
      throw new DomainError('task_cancelled', `task "${task.title}" is cancelled: it cannot be ${move}`);
    default:
      return assertNever(task.status);
  }
}

const metadata = (task: { incidentId: string }, context: CommandContext) => metadataOf(context, task.incidentId);

/** `TimerScheduled` for a due time (the task's next due timer), or nothing when there is none. */
function scheduleDue(task: { taskId: string; incidentId: string; dueTimers: number }, dueAt: string | null, context: CommandContext): TaskEvent[] {
  if (dueAt === null) return [];
  return [scheduleTimer({ timerId: taskDueTimerId(task.taskId, task.dueTimers), dueAt, purpose: TASK_DUE, details: { taskId: task.taskId } }, metadata(task, context))];
}

function cancelDue(task: Task, reason: string, context: CommandContext): TaskEvent[] {
  return task.dueTimerId !== null && isPending(task.timers, task.dueTimerId) ? [timerCancelled(task.dueTimerId, reason, metadata(task, context))] : [];
}

function decideCreate(command: CreateTask, state: TaskState): TaskEvent[] {
  if (state.status !== 'none') throw new DomainError('task_exists', `task ${command.taskId} already exists`);
  const { taskId, incidentId, details, assignee } = command;
  return [
    TaskCreatedV1.create(
      command.eventId,
      { incidentId, taskId, ...details, assignee: assignee?.personId ?? null, assigneeName: assignee?.name ?? null },
      metadata(command, command.context),
    ),
    ...scheduleDue({ taskId, incidentId, dueTimers: state.dueTimers }, details.dueAt, command.context),
  ];
}

const DETAILS = ['title', 'instructions', 'runbookUrl', 'dueAt'] as const;

function decideUpdate(command: UpdateTask, state: Task): TaskEvent[] {
  const task = unfinished(state, 'changed');
  const next: TaskDetails = { title: task.title, instructions: task.instructions, runbookUrl: task.runbookUrl, dueAt: task.dueAt };
  for (const field of DETAILS) {
    const value = command.changes[field];
    if (value !== undefined) (next as unknown as Record<string, string | null>)[field] = value;
  }
  if (next.title === null || next.title.trim() === '') throw new DomainError('task_title_required', 'a task needs a title', 'title');
  const changed = DETAILS.filter((field) => !sameValue(field, next[field], task[field]));
  const events: TaskEvent[] = [];
  if (changed.length > 0) {
    events.push(TaskUpdatedV1.create(command.eventId, { incidentId: task.incidentId, taskId: task.taskId, ...next, changed }, metadata(task, command.context)));
    // A moved due time is a new deadline: the old one is cancelled, the new one scheduled in the same append.
    if (changed.includes('dueAt')) events.push(...cancelDue(task, 'due time moved', command.context), ...scheduleDue(task, next.dueAt, command.context));
  }
  if (command.assignee) {
    const renamed = { ...task, title: next.title };
    events.push(...decideAssign({ ...command, type: 'AssignTask', eventId: deterministicId(command.eventId, 'coordination.task-assign'), assignee: command.assignee }, renamed));
  }
  return events;
}

/** Two due times are the same instant however they are spelled. */
const sameValue = (field: (typeof DETAILS)[number], a: string | null, b: string | null): boolean =>
  field === 'dueAt' && a !== null && b !== null ? Date.parse(a) === Date.parse(b) : a === b;

/** Assigning the person already assigned changes nothing (a retried PATCH records nothing). */
function decideAssign(command: AssignTask, task: Task): TaskEvent[] {
  if (task.assignee?.personId === command.assignee.personId) return [];
  return [
    TaskAssignedV1.create(
      command.eventId,
      { incidentId: task.incidentId, taskId: task.taskId, title: task.title, assignee: command.assignee.personId, assigneeName: command.assignee.name, previousAssignee: task.assignee?.personId ?? null },
      metadata(task, command.context),
    ),
  ];
}

function decideStart(command: StartTask, task: Task): TaskEvent[] {
  switch (task.status) {
    case 'open':
      return [TaskStartedV1.create(command.eventId, { incidentId: task.incidentId, taskId: task.taskId, title: task.title }, metadata(task, command.context))];
    case 'in_progress':
      throw new DomainError('already_started', `task "${task.title}" is already in progress`);
    case 'done':
    case 'cancelled':
      unfinished(task, 'started');
      return [];
    default:
      return assertNever(task.status);
  }
}

/** Done from open or in progress: a quick task need not be started first. */
function decideComplete(command: CompleteTask, task: Task): TaskEvent[] {
  if (task.status === 'done') throw new DomainError('already_done', `task "${task.title}" is already done`);
  unfinished(task, 'completed');
  return [
    TaskCompletedV1.create(command.eventId, { incidentId: task.incidentId, taskId: task.taskId, title: task.title }, metadata(task, command.context)),
    ...cancelDue(task, 'task done', command.context),
  ];
}

function decideCancel(command: CancelTask, task: Task): TaskEvent[] {
  if (task.status === 'cancelled') throw new DomainError('already_cancelled', `task "${task.title}" is already cancelled`);
  unfinished(task, 'cancelled');
  return [
    TaskCancelledV1.create(command.eventId, { incidentId: task.incidentId, taskId: task.taskId, title: task.title, reason: command.reason }, metadata(task, command.context)),
    ...cancelDue(task, 'task cancelled', command.context),
  ];
}

/** The due time passed: overdue once, and only while the task is unfinished (done or cancelled cancel the timer). */
function decideTimer(command: FireTaskTimer, state: TaskState): TaskEvent[] {
  if (state.status === 'none' || !isPending(state.timers, command.timerId)) return [];
  const fired = timerFired({ timerId: command.timerId, dueAt: command.dueAt }, metadata(state, command.context));
  if (state.dueTimerId !== command.timerId || (state.status !== 'open' && state.status !== 'in_progress')) return [fired];
  return [
    fired,
    TaskOverdueV1.create(
      deterministicId(command.timerId, 'coordination.task-overdue'),
      {
        incidentId: state.incidentId,
        taskId: state.taskId,
        title: state.title,
        assignee: state.assignee?.personId ?? null,
        assigneeName: state.assignee?.name ?? null,
        dueAt: new Date(command.dueAt).toISOString(),
        status: state.status,
      },
      metadata(state, command.context),
    ),
  ];
}
