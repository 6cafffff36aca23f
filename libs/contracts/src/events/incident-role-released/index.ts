import { Type } from '@sinclair/typebox';
import { Uuid } from '../../common';
import { defineEvent, EventOf } from '../../define-event';
import { IncidentRole } from '../incident-role-assigned';

/** A person no longer holds an incident role. Published by coordination. */
export const IncidentRoleReleasedV1 = defineEvent(
  'IncidentRoleReleased',
  1,
  Type.Object({
    incidentId: Uuid,
    role: IncidentRole,
    personId: Uuid,
    by: Type.String(),
  }),
);

export const IncidentRoleReleased = IncidentRoleReleasedV1;
export type IncidentRoleReleasedEvent = EventOf<typeof IncidentRoleReleasedV1>;
