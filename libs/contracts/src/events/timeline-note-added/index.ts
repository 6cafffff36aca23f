import { Type } from '@sinclair/typebox';
import { Uuid } from '../../common';
import { defineEvent, EventOf } from '../../define-event';

/** What a person's note on a timeline is: a remark, a decision taken, or an annotation of one entry. */
export const TimelineNoteKind = Type.Union([Type.Literal('note'), Type.Literal('decision'), Type.Literal('annotation')]);

/** The longest note (and correction) a person may write: a few paragraphs, not a document. */
export const TIMELINE_NOTE_MAX_LENGTH = 4000;

/**
 * A person's note on an incident's timeline (issue 16); stream `timeline-<incidentId>`. Published by review.
 * Who wrote it is `metadata.actor` (the authenticated principal), when `metadata.occurredAt`. `about` is the id of the
 * timeline entry it is about (its `eventId` on the timeline), or null. A note is never rewritten: see TimelineNoteCorrected.
 */
export const TimelineNoteAddedV1 = defineEvent(
  'TimelineNoteAdded',
  1,
  Type.Object({
    incidentId: Uuid,
    /** The note's id, also this event's id. */
    noteId: Uuid,
    kind: TimelineNoteKind,
    text: Type.String({ minLength: 1, maxLength: TIMELINE_NOTE_MAX_LENGTH }),
    about: Type.Union([Uuid, Type.Null()]),
  }),
);

export const TimelineNoteAdded = TimelineNoteAddedV1;
export type TimelineNoteAddedEvent = EventOf<typeof TimelineNoteAddedV1>;
