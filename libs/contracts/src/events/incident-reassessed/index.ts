import { Type } from '@sinclair/typebox';
import { Level, Uuid } from '../../common';
import { defineEvent, EventOf } from '../../define-event';

/**
 * What triage learned about an incident after triaging it: detection's newest assessment and how
 * critical its services are in the service catalog (walked through dependencies). Recorded on
 * `triage-<incidentId>` whether or not the priority changes, so a what-if replay sees the same
 * inputs triage saw. Published by triage.
 */
export const IncidentReassessedV1 = defineEvent(
  'IncidentReassessed',
  1,
  Type.Object({
    incidentId: Uuid,
    /** The event that brought the news (detection's IncidentAssessed, or a catalog change). */
    causeId: Type.String(),
    suggestedImpact: Type.Optional(Level),
    suggestedUrgency: Type.Optional(Level),
    impactedServices: Type.Array(Type.String()),
    alertCount: Type.Integer({ minimum: 0 }),
    usersAffected: Type.Optional(Type.Integer({ minimum: 0 })),
    /** The most critical tier among the services and everything depending on them; absent when none is catalogued. */
    criticalTier: Type.Optional(Level),
    criticalReason: Type.Optional(Type.String()),
    /** The catalog's owner of the incident's service, for routing rules that route by it. */
    catalogOwner: Type.Optional(Type.Object({ team: Type.String(), escalationPolicy: Type.Optional(Type.String()) })),
  }),
);

export const IncidentReassessed = IncidentReassessedV1;
export type IncidentReassessedEvent = EventOf<typeof IncidentReassessedV1>;
