import { Type } from '@sinclair/typebox';
import { Uuid } from '../../common';
import { defineEvent, EventOf } from '../../define-event';

/**
 * Triage learned the incident's progress from coordination (acknowledged, resolved) and keeps
 * it as its own fact, so its queue is rebuilt from triage's streams alone. Published by triage.
 */
export const TriageStatusChangedV1 = defineEvent(
  'TriageStatusChanged',
  1,
  Type.Object({
    incidentId: Uuid,
    status: Type.Union([Type.Literal('acknowledged'), Type.Literal('resolved')]),
    /** Type of the event that told triage, e.g. `IncidentAcknowledged`. */
    cause: Type.String(),
    /** Who did it, as that event said. */
    by: Type.Optional(Type.String()),
  }),
);

export const TriageStatusChanged = TriageStatusChangedV1;
export type TriageStatusChangedEvent = EventOf<typeof TriageStatusChangedV1>;
