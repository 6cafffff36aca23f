import { Type } from '@sinclair/typebox';
import { Uuid } from '../../common';
import { defineEvent, EventOf } from '../../define-event';
import { ACTION_ITEM_TITLE_MAX_LENGTH, ActionItemStatus, DueDate } from '../action-item-added';

/**
 * An action item changed (issue 16); stream `postmortem-<incidentId>`. Published by review. It holds the item as it is
 * from now on (title, owner, due date, status), so a consumer needs no earlier event to know it.
 */
export const ActionItemUpdatedV1 = defineEvent(
  'ActionItemUpdated',
  1,
  Type.Object({
    incidentId: Uuid,
    actionItemId: Uuid,
    title: Type.String({ minLength: 1, maxLength: ACTION_ITEM_TITLE_MAX_LENGTH }),
    owner: Type.String({ minLength: 1, maxLength: 200 }),
    dueDate: Type.Union([DueDate, Type.Null()]),
    status: ActionItemStatus,
  }),
);

export const ActionItemUpdated = ActionItemUpdatedV1;
export type ActionItemUpdatedEvent = EventOf<typeof ActionItemUpdatedV1>;
