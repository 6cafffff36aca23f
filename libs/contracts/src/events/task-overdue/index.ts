import { Type } from '@sinclair/typebox';
import { IsoTime, Uuid } from '../../common';
import { defineEvent, EventOf } from '../../define-event';
import { TaskAssignee, TaskAssigneeName } from '../task-created';

/**
 * A task's due time passed while it was still open or in progress (its durable timer fired): the
 * assignee is to be reminded. Recorded once per due time. Published by coordination.
 */
export const TaskOverdueV1 = defineEvent(
  'TaskOverdue',
  1,
  Type.Object({
    incidentId: Uuid,
    taskId: Uuid,
    title: Type.String({ minLength: 1 }),
    assignee: TaskAssignee,
    assigneeName: TaskAssigneeName,
    dueAt: IsoTime,
    status: Type.Union([Type.Literal('open'), Type.Literal('in_progress')]),
  }),
);

export const TaskOverdue = TaskOverdueV1;
export type TaskOverdueEvent = EventOf<typeof TaskOverdueV1>;
