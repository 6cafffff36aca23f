import { Type } from '@sinclair/typebox';
import { IsoTime, Uuid } from '../../common';
import { defineEvent, EventOf } from '../../define-event';

/** Who a task is on: a person's id and their name when it was decided (null: nobody yet). */
export const TaskAssignee = Type.Union([Uuid, Type.Null()]);
export const TaskAssigneeName = Type.Union([Type.String({ minLength: 1 }), Type.Null()]);
/** A runbook is only shown to people, never fetched: any http(s) URL. */
export const TaskRunbookUrl = Type.Union([Type.String({ format: 'uri', pattern: '^https?://' }), Type.Null()]);
export const TaskInstructions = Type.Union([Type.String({ minLength: 1 }), Type.Null()]);
export const TaskDueAt = Type.Union([IsoTime, Type.Null()]);

/** A task of an incident was created (open). Stream `incidentTask-<taskId>`. Published by coordination. */
export const TaskCreatedV1 = defineEvent(
  'TaskCreated',
  1,
  Type.Object({
    incidentId: Uuid,
    taskId: Uuid,
    title: Type.String({ minLength: 1 }),
    assignee: TaskAssignee,
    assigneeName: TaskAssigneeName,
    instructions: TaskInstructions,
    runbookUrl: TaskRunbookUrl,
    /** When it should be done; passing it while the task is open or in progress records `TaskOverdue` once. */
    dueAt: TaskDueAt,
  }),
);

export const TaskCreated = TaskCreatedV1;
export type TaskCreatedEvent = EventOf<typeof TaskCreatedV1>;
