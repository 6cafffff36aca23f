import { Type } from '@sinclair/typebox';
import { Uuid } from '../../common';
import { defineEvent, EventOf } from '../../define-event';
import { TaskAssignee } from '../task-created';

/** A task was given to a person (or handed over from `previousAssignee`). Published by coordination. */
export const TaskAssignedV1 = defineEvent(
  'TaskAssigned',
  1,
  Type.Object({
    incidentId: Uuid,
    taskId: Uuid,
    title: Type.String({ minLength: 1 }),
    assignee: Uuid,
    assigneeName: Type.String({ minLength: 1 }),
    previousAssignee: TaskAssignee,
  }),
);

export const TaskAssigned = TaskAssignedV1;
export type TaskAssignedEvent = EventOf<typeof TaskAssignedV1>;
