import { Type } from '@sinclair/typebox';
import { Uuid } from '../../common';
import { defineEvent, EventOf } from '../../define-event';

export const IncidentRole = Type.Union([Type.Literal('commander'), Type.Literal('communications-lead'), Type.Literal('scribe'), Type.Literal('subject-matter-expert')]);

/**
 * A person took an incident role, or it was handed over to them (`previousPersonId`). A subject-matter
 * expert is one of several, so it never hands over. Published by coordination.
 */
export const IncidentRoleAssignedV1 = defineEvent(
  'IncidentRoleAssigned',
  1,
  Type.Object({
    incidentId: Uuid,
    role: IncidentRole,
    personId: Uuid,
    name: Type.String(),
    previousPersonId: Type.Optional(Uuid),
    by: Type.String(),
  }),
);

export const IncidentRoleAssigned = IncidentRoleAssignedV1;
export type IncidentRoleAssignedEvent = EventOf<typeof IncidentRoleAssignedV1>;
