import { Type } from '@sinclair/typebox';
import { Level, Priority, Uuid } from '../../common';
import { defineEvent, EventOf } from '../../define-event';

/** Priority and route decided for an incident, with the rationale. Published by triage. */
export const IncidentTriagedV1 = defineEvent(
  'IncidentTriaged',
  1,
  Type.Object({
    incidentId: Uuid,
    priority: Priority,
    impact: Level,
    urgency: Level,
    matrix: Type.Object({ id: Type.String(), version: Type.Integer() }),
    route: Type.Object({
      team: Type.String(),
      ruleId: Type.String(),
      ruleVersion: Type.Integer(),
    }),
    service: Type.Optional(Type.String()),
    title: Type.String(),
    /** Human-readable reasons: inputs, the matrix cell, the rule that fired. */
    rationale: Type.Array(Type.String()),
  }),
);

export const IncidentTriaged = IncidentTriagedV1;
export type IncidentTriagedEvent = EventOf<typeof IncidentTriagedV1>;
