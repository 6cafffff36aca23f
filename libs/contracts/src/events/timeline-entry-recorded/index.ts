import { Type } from '@sinclair/typebox';
import { IsoTime, Uuid } from '../../common';
import { defineEvent, EventOf } from '../../define-event';

const entryFields = {
  incidentId: Uuid,
  sourceEventId: Uuid,
  sourceType: Type.String(),
  sourceSchemaVersion: Type.Integer(),
  context: Type.String(),
  /** When the source event was recorded by its context (its `recordedAt`). */
  at: IsoTime,
  actor: Type.String(),
  summary: Type.String(),
  data: Type.Unknown(),
};

/** One step of an incident's timeline, copied from another context's event; stream `timeline-<incidentId>`. Published by review. */
export const TimelineEntryRecordedV1 = defineEvent('TimelineEntryRecorded', 1, Type.Object(entryFields));

/**
 * v2 (issue 16) adds `occurredAt`: when the source event happened (its `metadata.occurredAt`, as its context decided it),
 * beside `at`, when its context recorded it. A v1 entry did not keep it: unknown before v2, it is raised as the record
 * time (`occurredAt` = `at`).
 */
export const TimelineEntryRecordedV2 = defineEvent(
  'TimelineEntryRecorded',
  2,
  Type.Object({
    ...entryFields,
    /** When the source event happened, at the source (its `metadata.occurredAt`); for a v1 entry, its record time. */
    occurredAt: IsoTime,
  }),
);

export const TimelineEntryRecorded = TimelineEntryRecordedV2;
export type TimelineEntryRecordedEvent = EventOf<typeof TimelineEntryRecordedV2>;
