import { Type } from '@sinclair/typebox';
import { Uuid } from '../../common';
import { defineEvent, EventOf } from '../../define-event';
import { TaskDueAt, TaskInstructions, TaskRunbookUrl } from '../task-created';

/**
 * A task's title, instructions, runbook link or due time changed: the full new values, and which
 * of them changed (`changed`). A moved due time is a new deadline. Published by coordination.
 */
export const TaskUpdatedV1 = defineEvent(
  'TaskUpdated',
  1,
  Type.Object({
    incidentId: Uuid,
    taskId: Uuid,
    title: Type.String({ minLength: 1 }),
    instructions: TaskInstructions,
    runbookUrl: TaskRunbookUrl,
    dueAt: TaskDueAt,
    changed: Type.Array(Type.Union([Type.Literal('title'), Type.Literal('instructions'), Type.Literal('runbookUrl'), Type.Literal('dueAt')]), { minItems: 1 }),
  }),
);

export const TaskUpdated = TaskUpdatedV1;
export type TaskUpdatedEvent = EventOf<typeof TaskUpdatedV1>;
