import { Type } from '@sinclair/typebox';
import { Uuid } from '../../common';
import { defineEvent, EventOf } from '../../define-event';

const UpdatePhase = Type.Union([Type.Literal('investigating'), Type.Literal('identified'), Type.Literal('monitoring'), Type.Literal('resolved')]);

/** A status update for stakeholders; stream `comms-<incidentId>`. Published by comms. */
export const StatusUpdatePostedV1 = defineEvent(
  'StatusUpdatePosted',
  1,
  Type.Object({
    incidentId: Uuid,
    updateId: Uuid,
    status: UpdatePhase,
    message: Type.String({ minLength: 1 }),
  }),
);

/** Who an update is for: the incident's responders, the organisation (stakeholder subscriptions), or the public status page. */
export const UpdateAudience = Type.Union([Type.Literal('responders'), Type.Literal('internal'), Type.Literal('public')]);
/** The impact as Statuspage names it. */
export const UpdateImpact = Type.Union([Type.Literal('none'), Type.Literal('minor'), Type.Literal('major'), Type.Literal('critical')]);

/**
 * v2 (issue 15) adds who the update is for, its impact, the estimated resolution time and the template it was
 * rendered from. `status` keeps its v1 name: it is the update's phase, named as Statuspage names an incident
 * update's status, so v1 consumers read it unchanged. When it was posted is `metadata.occurredAt`, as for every event.
 * A v1 update (before audiences) went to stakeholder subscriptions and the status page: it is raised as `public`,
 * impact `none`, no eta, no template.
 */
export const StatusUpdatePostedV2 = defineEvent(
  'StatusUpdatePosted',
  2,
  Type.Object({
    incidentId: Uuid,
    updateId: Uuid,
    audience: UpdateAudience,
    status: UpdatePhase,
    message: Type.String({ minLength: 1 }),
    impact: UpdateImpact,
    /** The estimated resolution time (ISO 8601 instant), or null when none was given. */
    eta: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    /** The template the message was rendered from (its phase's, at this version), or null for a message written by hand. */
    template: Type.Union([Type.Object({ id: Type.String({ minLength: 1 }), version: Type.Integer({ minimum: 1 }) }), Type.Null()]),
  }),
);

export const StatusUpdatePosted = StatusUpdatePostedV2;
export type StatusUpdatePostedEvent = EventOf<typeof StatusUpdatePostedV2>;
