import { Type } from '@sinclair/typebox';
import { Level, Priority, SevLevel, Uuid } from '../../common';
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

/**
 * v2 adds the incident severity (SEV1–SEV4, derived from the priority) and the route's escalation
 * policy (from the routing rule or the service catalog). A v1 event is raised by deriving the
 * severity from its priority.
 */
export const IncidentTriagedV2 = defineEvent(
  'IncidentTriaged',
  2,
  Type.Object({
    ...IncidentTriagedV1.schema.properties,
    severity: SevLevel,
    route: Type.Object({
      team: Type.String(),
      ruleId: Type.String(),
      ruleVersion: Type.Integer(),
      escalationPolicy: Type.Optional(Type.String()),
    }),
  }),
);

/**
 * v3 adds the rule set's default route (`fallbackRoute`), so coordination can page it when the
 * routed team does not exist or has nobody to page, without reading triage's rule sets. A v2 event
 * is raised with the built-in default, team `operations` (routing-default v1).
 */
export const IncidentTriagedV3 = defineEvent(
  'IncidentTriaged',
  3,
  Type.Object({
    ...IncidentTriagedV2.schema.properties,
    fallbackRoute: Type.Object({
      team: Type.String(),
      escalationPolicy: Type.Optional(Type.String()),
    }),
  }),
);

export const IncidentTriaged = IncidentTriagedV3;
export type IncidentTriagedEvent = EventOf<typeof IncidentTriagedV3>;
