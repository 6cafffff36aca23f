import { Type } from '@sinclair/typebox';
import { Uuid } from '../../common';
import { defineEvent, EventOf } from '../../define-event';

/** A calendar day, `YYYY-MM-DD`: an action item is due by the end of it (UTC). */
export const DueDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });

/** What an action item is at: open until done or cancelled. */
export const ActionItemStatus = Type.Union([Type.Literal('open'), Type.Literal('done'), Type.Literal('cancelled')]);

/** The longest action item title. */
export const ACTION_ITEM_TITLE_MAX_LENGTH = 500;

/**
 * A follow-up from an incident's postmortem (issue 16), linked to the incident; stream `postmortem-<incidentId>`.
 * Published by review. `owner` is who is to do it (a person id or a name, as the team writes it); `dueDate` the day
 * it is due by, or null. It starts `open`.
 */
export const ActionItemAddedV1 = defineEvent(
  'ActionItemAdded',
  1,
  Type.Object({
    incidentId: Uuid,
    actionItemId: Uuid,
    title: Type.String({ minLength: 1, maxLength: ACTION_ITEM_TITLE_MAX_LENGTH }),
    owner: Type.String({ minLength: 1, maxLength: 200 }),
    dueDate: Type.Union([DueDate, Type.Null()]),
  }),
);

export const ActionItemAdded = ActionItemAddedV1;
export type ActionItemAddedEvent = EventOf<typeof ActionItemAddedV1>;
