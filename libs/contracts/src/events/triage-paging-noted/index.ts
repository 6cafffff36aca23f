import { Type } from '@sinclair/typebox';
import { Uuid } from '../../common';
import { defineEvent, EventOf } from '../../define-event';

/**
 * Triage learned from coordination whether anyone was paged for the incident (ResponderPaged or
 * IncidentUnrouted) and keeps it as its own fact, so its views and queue say when nobody was paged
 * without reading coordination's streams. Published by triage.
 */
export const TriagePagingNotedV1 = defineEvent(
  'TriagePagingNoted',
  1,
  Type.Object({
    incidentId: Uuid,
    /** True once someone was paged; false when coordination could page nobody. */
    paged: Type.Boolean(),
    /** Coordination's own words: who was paged and why, or why nobody was. */
    reason: Type.String(),
    /** The team paged, or the routed team when nobody was. */
    team: Type.String(),
    /** Type of the event that told triage, e.g. `IncidentUnrouted`. */
    cause: Type.String(),
  }),
);

export const TriagePagingNoted = TriagePagingNotedV1;
export type TriagePagingNotedEvent = EventOf<typeof TriagePagingNotedV1>;
