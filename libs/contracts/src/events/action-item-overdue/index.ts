import { Type } from '@sinclair/typebox';
import { IsoTime, Uuid } from '../../common';
import { defineEvent, EventOf } from '../../define-event';
import { DueDate } from '../action-item-added';

/**
 * An open action item passed the end of its due day (UTC) (issue 16): the reminder, recorded when its durable timer
 * fired (at once after a restart when it fell due while review was down), once per due date. Stream
 * `postmortem-<incidentId>`, published by review on `linchpin.review.events` so that a notifier (comms) can deliver
 * it to `owner`; review shows it on the postmortem.
 */
export const ActionItemOverdueV1 = defineEvent(
  'ActionItemOverdue',
  1,
  Type.Object({
    incidentId: Uuid,
    actionItemId: Uuid,
    title: Type.String({ minLength: 1 }),
    owner: Type.String({ minLength: 1 }),
    dueDate: DueDate,
    /** When it fell due: the end of `dueDate`, UTC. */
    dueAt: IsoTime,
  }),
);

export const ActionItemOverdue = ActionItemOverdueV1;
export type ActionItemOverdueEvent = EventOf<typeof ActionItemOverdueV1>;
