import { Type } from '@sinclair/typebox';
import { Uuid } from '../../common';
import { defineEvent, EventOf } from '../../define-event';

/** The sections of a postmortem that people write. */
export const PostmortemSection = Type.Union([
  Type.Literal('contributing-factors'),
  Type.Literal('went-well'),
  Type.Literal('went-poorly'),
  Type.Literal('lessons'),
]);

/** The longest section text: a few pages of Markdown. */
export const POSTMORTEM_SECTION_MAX_LENGTH = 20000;

/**
 * A responder wrote a section of an incident's postmortem (issue 16); stream `postmortem-<incidentId>`. Published by
 * review. `text` is the whole section from now on (Markdown source, empty clears it), `previousText` what it read
 * before: an edit never rewrites an earlier event. Who and when: `metadata.actor`, `metadata.occurredAt`.
 */
export const PostmortemSectionEditedV1 = defineEvent(
  'PostmortemSectionEdited',
  1,
  Type.Object({
    incidentId: Uuid,
    section: PostmortemSection,
    text: Type.String({ maxLength: POSTMORTEM_SECTION_MAX_LENGTH }),
    previousText: Type.String({ maxLength: POSTMORTEM_SECTION_MAX_LENGTH }),
  }),
);

export const PostmortemSectionEdited = PostmortemSectionEditedV1;
export type PostmortemSectionEditedEvent = EventOf<typeof PostmortemSectionEditedV1>;
