import { Type } from '@sinclair/typebox';
import { Uuid } from '../../common';
import { defineEvent, EventOf } from '../../define-event';

/** A task will not be done (from open or in progress); its due time no longer matters. Published by coordination. */
export const TaskCancelledV1 = defineEvent(
  'TaskCancelled',
  1,
  Type.Object({
    incidentId: Uuid,
    taskId: Uuid,
    title: Type.String({ minLength: 1 }),
    reason: Type.Union([Type.String({ minLength: 1 }), Type.Null()]),
  }),
);

export const TaskCancelled = TaskCancelledV1;
export type TaskCancelledEvent = EventOf<typeof TaskCancelledV1>;
