import { Type } from '@sinclair/typebox';
import { Level, Priority, SevLevel, Uuid } from '../../common';
import { defineEvent, EventOf } from '../../define-event';

const Decision = Type.Object({ priority: Priority, severity: SevLevel, impact: Level, urgency: Level });

/**
 * An incident's priority changed after triage: more signals, a failing dependency of a critical
 * service, a user report, or a person's override (and its clearing). While an override stands,
 * automatic re-triage records its inputs but does not change the priority. Published by triage.
 */
export const IncidentReprioritisedV1 = defineEvent(
  'IncidentReprioritised',
  1,
  Type.Object({
    incidentId: Uuid,
    previous: Decision,
    ...Decision.properties,
    trigger: Type.Union([
      Type.Literal('signals'),
      Type.Literal('dependency'),
      Type.Literal('report'),
      Type.Literal('override'),
      Type.Literal('override-cleared'),
    ]),
    /** One sentence: why it changed. */
    reason: Type.String(),
    matrix: Type.Object({ id: Type.String(), version: Type.Integer() }),
    rationale: Type.Array(Type.String()),
    /** True while a person's override holds the priority. */
    overridden: Type.Boolean(),
    /** Who overrode (for override triggers). */
    by: Type.Optional(Type.String()),
  }),
);

export const IncidentReprioritised = IncidentReprioritisedV1;
export type IncidentReprioritisedEvent = EventOf<typeof IncidentReprioritisedV1>;
