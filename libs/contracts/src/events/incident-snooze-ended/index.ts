import { Type } from '@sinclair/typebox';
import { IsoTime, Uuid } from '../../common';
import { defineEvent, EventOf } from '../../define-event';

/** A snooze ended: its time came (`elapsed`: the responders are re-notified) or someone ended it (`unsnoozed`). Published by coordination. */
export const IncidentSnoozeEndedV1 = defineEvent(
  'IncidentSnoozeEnded',
  1,
  Type.Object({
    incidentId: Uuid,
    cause: Type.Union([Type.Literal('elapsed'), Type.Literal('unsnoozed')]),
    by: Type.String(),
    snoozedUntil: IsoTime,
  }),
);

export const IncidentSnoozeEnded = IncidentSnoozeEndedV1;
export type IncidentSnoozeEndedEvent = EventOf<typeof IncidentSnoozeEndedV1>;
