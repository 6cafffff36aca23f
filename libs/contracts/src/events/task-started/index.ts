import { Type } from '@sinclair/typebox';
import { Uuid } from '../../common';
import { defineEvent, EventOf } from '../../define-event';

/** Someone began working on a task (open → in progress). Published by coordination. */
export const TaskStartedV1 = defineEvent(
  'TaskStarted',
  1,
  Type.Object({
    incidentId: Uuid,
    taskId: Uuid,
    title: Type.String({ minLength: 1 }),
  }),
);

export const TaskStarted = TaskStartedV1;
export type TaskStartedEvent = EventOf<typeof TaskStartedV1>;
