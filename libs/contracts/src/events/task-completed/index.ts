import { Type } from '@sinclair/typebox';
import { Uuid } from '../../common';
import { defineEvent, EventOf } from '../../define-event';

/** A task is done (from open or in progress); its due time no longer matters. Published by coordination. */
export const TaskCompletedV1 = defineEvent(
  'TaskCompleted',
  1,
  Type.Object({
    incidentId: Uuid,
    taskId: Uuid,
    title: Type.String({ minLength: 1 }),
  }),
);

export const TaskCompleted = TaskCompletedV1;
export type TaskCompletedEvent = EventOf<typeof TaskCompletedV1>;
