import { Type } from '@sinclair/typebox';
import { Uuid } from '../../common';
import { defineEvent, EventOf } from '../../define-event';
import { TIMELINE_NOTE_MAX_LENGTH } from '../timeline-note-added';

/**
 * A correction of a note on an incident's timeline (issue 16); stream `timeline-<incidentId>`. Published by review.
 * The note stays as it was written; from this event on it reads `text`. Who corrected it is `metadata.actor`, when
 * `metadata.occurredAt`. Only notes are corrected: the other entries are facts of their contexts.
 */
export const TimelineNoteCorrectedV1 = defineEvent(
  'TimelineNoteCorrected',
  1,
  Type.Object({
    incidentId: Uuid,
    noteId: Uuid,
    /** The note's text from now on. */
    text: Type.String({ minLength: 1, maxLength: TIMELINE_NOTE_MAX_LENGTH }),
    /** What it read before this correction. */
    previousText: Type.String(),
  }),
);

export const TimelineNoteCorrected = TimelineNoteCorrectedV1;
export type TimelineNoteCorrectedEvent = EventOf<typeof TimelineNoteCorrectedV1>;
