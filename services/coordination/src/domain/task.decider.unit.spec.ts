import { DomainError, NotFoundError, given } from '@linchpin/eventsourcing';
import { CreateTask, TASK_DUE, TaskCommand, TaskEvent, TaskState, taskDecider, taskDueTimerId } from './task.decider';

const INCIDENT = '00000000-0000-4000-8000-00000000000a';
const TASK = '00000000-0000-4000-8000-00000000000b';
const ALICE = { personId: '00000000-0000-4000-8000-0000000000a1', name: 'alice' };
const BOB = { personId: '00000000-0000-4000-8000-0000000000b1', name: 'bob' };
const DUE = '2026-03-03T10:00:00.000Z';
let n = 0;
const id = () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;
const context = (occurredAt = '2026-03-03T09:00:00.000Z') => ({ actor: 'user:ops', causationId: 'req', occurredAt });

const create = (over: Partial<CreateTask> = {}): CreateTask => ({
  type: 'CreateTask',
  taskId: TASK,
  incidentId: INCIDENT,
  eventId: id(),
  details: { title: 'Roll back release 42', instructions: null, runbookUrl: 'https://wiki.example.com/rollback', dueAt: DUE },
  assignee: ALICE,
  context: context(),
  ...over,
});
const start = (): TaskCommand => ({ type: 'StartTask', taskId: TASK, eventId: id(), context: context() });
const complete = (): TaskCommand => ({ type: 'CompleteTask', taskId: TASK, eventId: id(), context: context() });
const cancel = (reason: string | null = null): TaskCommand => ({ type: 'CancelTask', taskId: TASK, eventId: id(), reason, context: context() });
const fire = (timerId = taskDueTimerId(TASK, 0), dueAt = DUE): TaskCommand => ({ type: 'FireTaskTimer', taskId: TASK, timerId, dueAt, context: context('2026-03-03T10:00:05.000Z') });

/** The history after each command in turn (every one must be accepted). */
const after = (...commands: TaskCommand[]): TaskEvent[] => commands.reduce<TaskEvent[]>((history, command) => [...history, ...given(taskDecider, history).when(command).then(() => undefined)], []);
const stateAfter = (...commands: TaskCommand[]): TaskState => given(taskDecider, after(...commands)).state();

describe('task decider', () => {
  it('given no task, when created, then TaskCreated (an incident fact: correlated on the incident) and its due-time timer', () => {
    given(taskDecider)
      .when(create())
      .then([
        expect.objectContaining({
          type: 'TaskCreated',
          data: {
            incidentId: INCIDENT,
            taskId: TASK,
            title: 'Roll back release 42',
            assignee: ALICE.personId,
            assigneeName: 'alice',
            instructions: null,
            runbookUrl: 'https://wiki.example.com/rollback',
            dueAt: DUE,
          },
          metadata: { incidentId: INCIDENT, correlationId: INCIDENT, causationId: 'req', actor: 'user:ops', occurredAt: '2026-03-03T09:00:00.000Z' },
        }),
        expect.objectContaining({ type: 'TimerScheduled', data: { timerId: taskDueTimerId(TASK, 0), dueAt: DUE, purpose: TASK_DUE, details: { taskId: TASK } } }),
      ]);
  });

  it('given no due time, when created, then no timer', () => {
    given(taskDecider)
      .when(create({ details: { title: 't', instructions: 'do it', runbookUrl: null, dueAt: null }, assignee: null }))
      .then([expect.objectContaining({ type: 'TaskCreated', data: expect.objectContaining({ assignee: null, assigneeName: null, dueAt: null }) })]);
  });

  it('given a task, when created again, then task_exists; any command on no task is a NotFoundError', () => {
    given(taskDecider, after(create())).when(create()).thenThrows(DomainError, 'task_exists');
    given(taskDecider).when(start()).thenThrows(NotFoundError);
  });

  it('open → in progress → done, and done cancels the pending due time', () => {
    const history = after(create(), start());
    expect(given(taskDecider, history).state()).toMatchObject({ status: 'in_progress', startedAt: '2026-03-03T09:00:00.000Z' });
    given(taskDecider, history)
      .when(complete())
      .then([expect.objectContaining({ type: 'TaskCompleted' }), expect.objectContaining({ type: 'TimerCancelled', data: { timerId: taskDueTimerId(TASK, 0), reason: 'task done' } })]);
  });

  it('a quick task may be completed while still open', () => {
    given(taskDecider, after(create())).when(complete()).then([expect.objectContaining({ type: 'TaskCompleted' }), expect.objectContaining({ type: 'TimerCancelled' })]);
  });

  it('refuses moves that make no sense, naming why', () => {
    given(taskDecider, after(create(), start())).when(start()).thenThrows(DomainError, 'already_started');
    given(taskDecider, after(create(), complete())).when(complete()).thenThrows(DomainError, 'already_done');
    given(taskDecider, after(create(), complete())).when(start()).thenThrows(DomainError, 'task_done');
    given(taskDecider, after(create(), complete())).when(cancel()).thenThrows(DomainError, 'task_done');
    given(taskDecider, after(create(), cancel())).when(cancel()).thenThrows(DomainError, 'already_cancelled');
    const refused = given(taskDecider, after(create(), cancel())).when(complete()).thenThrows(DomainError, 'task_cancelled');
    expect(refused.message).toBe('task "Roll back release 42" is cancelled: it cannot be completed');
    given(taskDecider, after(create(), cancel()))
      .when({ type: 'UpdateTask', taskId: TASK, eventId: id(), changes: { title: 'x' }, context: context() })
      .thenThrows(DomainError, 'task_cancelled');
    given(taskDecider, after(create(), complete())).when({ type: 'AssignTask', taskId: TASK, eventId: id(), assignee: BOB, context: context() }).thenThrows(DomainError, 'task_done');
  });

  it('cancelling records the reason and cancels the due time', () => {
    given(taskDecider, after(create()))
      .when(cancel('fixed by the rollback'))
      .then([
        expect.objectContaining({ type: 'TaskCancelled', data: expect.objectContaining({ reason: 'fixed by the rollback' }) }),
        expect.objectContaining({ type: 'TimerCancelled', data: expect.objectContaining({ reason: 'task cancelled' }) }),
      ]);
  });

  it('given an open task past its due time, when the timer fires, then TimerFired and TaskOverdue naming the assignee', () => {
    given(taskDecider, after(create()))
      .when(fire())
      .then([
        expect.objectContaining({ type: 'TimerFired' }),
        expect.objectContaining({
          type: 'TaskOverdue',
          data: { incidentId: INCIDENT, taskId: TASK, title: 'Roll back release 42', assignee: ALICE.personId, assigneeName: 'alice', dueAt: DUE, status: 'open' },
          metadata: expect.objectContaining({ incidentId: INCIDENT, actor: 'user:ops' }),
        }),
      ]);
  });

  it('fires once: a second firing of the same timer decides nothing', () => {
    const history = after(create(), fire());
    expect(given(taskDecider, history).state()).toMatchObject({ overdueAt: '2026-03-03T10:00:05.000Z', dueTimerId: null });
    given(taskDecider, history).when(fire()).then([]);
  });

  it('given a task done before its due time, when the (cancelled) timer fires anyway, then nothing', () => {
    given(taskDecider, after(create(), complete())).when(fire()).then([]);
  });

  it('a moved due time cancels the old timer and schedules a new one; the old one firing decides nothing, the new one reminds', () => {
    const later = '2026-03-03T12:00:00.000Z';
    const history = after(create(), fire(), { type: 'UpdateTask', taskId: TASK, eventId: id(), changes: { dueAt: later }, context: context() });
    const state = given(taskDecider, history).state();
    expect(state).toMatchObject({ dueAt: later, overdueAt: null, dueTimerId: taskDueTimerId(TASK, 1) });

    const moved = after(create(), { type: 'UpdateTask', taskId: TASK, eventId: id(), changes: { dueAt: later }, context: context() });
    expect(moved.map((e) => e.type)).toEqual(['TaskCreated', 'TimerScheduled', 'TaskUpdated', 'TimerCancelled', 'TimerScheduled']);
    expect(moved[3].data).toEqual({ timerId: taskDueTimerId(TASK, 0), reason: 'due time moved' });
    given(taskDecider, moved).when(fire()).then([]);
    given(taskDecider, moved)
      .when(fire(taskDueTimerId(TASK, 1), later))
      .then([expect.objectContaining({ type: 'TimerFired' }), expect.objectContaining({ type: 'TaskOverdue', data: expect.objectContaining({ dueAt: later }) })]);
  });

  it('clearing the due time cancels the timer; the same values again record nothing', () => {
    given(taskDecider, after(create()))
      .when({ type: 'UpdateTask', taskId: TASK, eventId: id(), changes: { dueAt: null }, context: context() })
      .then([expect.objectContaining({ type: 'TaskUpdated', data: expect.objectContaining({ dueAt: null, changed: ['dueAt'] }) }), expect.objectContaining({ type: 'TimerCancelled' })]);
    given(taskDecider, after(create()))
      .when({ type: 'UpdateTask', taskId: TASK, eventId: id(), changes: { title: 'Roll back release 42', dueAt: '2026-03-03T11:00:00+01:00' }, context: context() })
      .then([]);
  });

  it('an update may hand the task over in the same append; assigning the person already assigned records nothing', () => {
    given(taskDecider, after(create()))
      .when({ type: 'UpdateTask', taskId: TASK, eventId: id(), changes: { title: 'Roll back 43' }, assignee: BOB, context: context() })
      .then([
        expect.objectContaining({ type: 'TaskUpdated', data: expect.objectContaining({ title: 'Roll back 43', changed: ['title'] }) }),
        expect.objectContaining({ type: 'TaskAssigned', data: expect.objectContaining({ title: 'Roll back 43', assignee: BOB.personId, assigneeName: 'bob', previousAssignee: ALICE.personId }) }),
      ]);
    given(taskDecider, after(create())).when({ type: 'AssignTask', taskId: TASK, eventId: id(), assignee: ALICE, context: context() }).then([]);
  });

  it('the overdue reminder names whoever holds the task when it fires', () => {
    const state = stateAfter(create(), { type: 'AssignTask', taskId: TASK, eventId: id(), assignee: BOB, context: context() });
    expect(state).toMatchObject({ assignee: BOB });
    given(taskDecider, after(create(), { type: 'AssignTask', taskId: TASK, eventId: id(), assignee: BOB, context: context() }))
      .when(fire())
      .then([expect.anything(), expect.objectContaining({ type: 'TaskOverdue', data: expect.objectContaining({ assignee: BOB.personId, assigneeName: 'bob' }) })]);
  });

  it('an in-progress task is overdue too, with its status', () => {
    given(taskDecider, after(create(), start()))
      .when(fire())
      .then([expect.anything(), expect.objectContaining({ type: 'TaskOverdue', data: expect.objectContaining({ status: 'in_progress' }) })]);
  });
});
