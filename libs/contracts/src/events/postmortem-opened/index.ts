import { Type } from '@sinclair/typebox';
import { Priority, Uuid } from '../../common';
import { defineEvent, EventOf } from '../../define-event';

/** Why a postmortem was opened: the priority policy on resolution, or a responder asking for one. */
export const PostmortemTrigger = Type.Union([Type.Literal('policy'), Type.Literal('responder')]);

/**
 * An incident's postmortem was opened, as a draft (issue 16); stream `postmortem-<incidentId>`, one per incident.
 * Published by review. `trigger: policy` when the incident resolved at a priority review's postmortem policy
 * requires one for (`requiredFor`, under the policy's `policyVersion`); `responder` when a person asked for one
 * (`metadata.actor`), whatever its priority. `priority` is the incident's as review's timeline knew it, or null.
 */
export const PostmortemOpenedV1 = defineEvent(
  'PostmortemOpened',
  1,
  Type.Object({
    incidentId: Uuid,
    trigger: PostmortemTrigger,
    priority: Type.Union([Priority, Type.Null()]),
    /** The policy in force (policy trigger only): the priorities that require a postmortem, and its version. */
    requiredFor: Type.Union([Type.Array(Priority), Type.Null()]),
    policyVersion: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()]),
  }),
);

export const PostmortemOpened = PostmortemOpenedV1;
export type PostmortemOpenedEvent = EventOf<typeof PostmortemOpenedV1>;
