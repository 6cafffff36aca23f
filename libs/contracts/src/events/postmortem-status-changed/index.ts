import { Type } from '@sinclair/typebox';
import { Uuid } from '../../common';
import { defineEvent, EventOf } from '../../define-event';

/** Where a postmortem is in its workflow. */
export const PostmortemStatus = Type.Union([Type.Literal('draft'), Type.Literal('in-review'), Type.Literal('published')]);

/**
 * A postmortem moved in its workflow (issue 16); stream `postmortem-<incidentId>`. Published by review.
 * draft → in-review (a responder asks for review), in-review → draft (back for changes), in-review → published
 * (an incident-manager publishes), published → draft (an incident-manager reopens it, `reason` required).
 */
export const PostmortemStatusChangedV1 = defineEvent(
  'PostmortemStatusChanged',
  1,
  Type.Object({
    incidentId: Uuid,
    from: PostmortemStatus,
    to: PostmortemStatus,
    reason: Type.Union([Type.String({ minLength: 1, maxLength: 2000 }), Type.Null()]),
  }),
);

export const PostmortemStatusChanged = PostmortemStatusChangedV1;
export type PostmortemStatusChangedEvent = EventOf<typeof PostmortemStatusChangedV1>;
