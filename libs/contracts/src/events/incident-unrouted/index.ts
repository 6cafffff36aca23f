import { Type } from '@sinclair/typebox';
import { Priority, Uuid } from '../../common';
import { defineEvent, EventOf } from '../../define-event';

/** A triaged incident named a team that coordination does not know: nobody was paged. Published by coordination. */
export const IncidentUnroutedV1 = defineEvent(
  'IncidentUnrouted',
  1,
  Type.Object({
    incidentId: Uuid,
    team: Type.String(),
    reason: Type.String(),
    /** Added (optional, so v1 stays compatible): what triage decided, so readers need no other stream. */
    priority: Type.Optional(Priority),
    title: Type.Optional(Type.String()),
  }),
);

export const IncidentUnrouted = IncidentUnroutedV1;
export type IncidentUnroutedEvent = EventOf<typeof IncidentUnroutedV1>;
