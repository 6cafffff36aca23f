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

/**
 * v2: coordination tries the default route's team when the routed one cannot be paged, so the event
 * names that team too (`fallbackTeam`, absent when the routed team was the default route's), says
 * why in `cause` (`unknown-team`: no such team; `no-members`: nobody to page), and states `paged: false`.
 * A v1 event is raised with `paged: false` and the cause read from its reason.
 */
export const IncidentUnroutedV2 = defineEvent(
  'IncidentUnrouted',
  2,
  Type.Object({
    ...IncidentUnroutedV1.schema.properties,
    fallbackTeam: Type.Optional(Type.String()),
    cause: Type.Union([Type.Literal('unknown-team'), Type.Literal('no-members')]),
    paged: Type.Literal(false),
  }),
);

export const IncidentUnrouted = IncidentUnroutedV2;
export type IncidentUnroutedEvent = EventOf<typeof IncidentUnroutedV2>;
