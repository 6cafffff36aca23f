import { Type } from '@sinclair/typebox';
import { IsoTime, Uuid } from '../../common';
import { defineEvent, EventOf } from '../../define-event';

/** One step of an incident's timeline, copied from another context's event; stream `timeline-<incidentId>`. Published by review. */
export const TimelineEntryRecordedV1 = defineEvent(
  'TimelineEntryRecorded',
  1,
  Type.Object({
    incidentId: Uuid,
    sourceEventId: Uuid,
    sourceType: Type.String(),
    sourceSchemaVersion: Type.Integer(),
    context: Type.String(),
    /** When the source event was recorded by its context. */
    at: IsoTime,
    actor: Type.String(),
    summary: Type.String(),
    data: Type.Unknown(),
  }),
);

export const TimelineEntryRecorded = TimelineEntryRecordedV1;
export type TimelineEntryRecordedEvent = EventOf<typeof TimelineEntryRecordedV1>;
