import { Type } from '@sinclair/typebox';
import { IsoTime, Level, Uuid } from '../../common';
import { defineEvent, EventOf } from '../../define-event';

const Suggestion = Type.Object({ level: Level, reason: Type.String() });

/**
 * Detection's assessment of an incident from its signals, recorded when the incident opens and
 * again whenever it changes (another service impacted, more alerts, users affected reported);
 * stream `detection-<incidentId>`. Impact and urgency use ITIL levels (1 highest … 4 lowest) and
 * are suggestions: triage decides. Published by detection.
 */
export const IncidentAssessedV1 = defineEvent(
  'IncidentAssessed',
  1,
  Type.Object({
    incidentId: Uuid,
    impactedServices: Type.Array(Type.String()),
    alertCount: Type.Integer({ minimum: 1 }),
    firingAlertCount: Type.Integer({ minimum: 0 }),
    /** The earliest signal's start at its source. */
    firstSignalAt: IsoTime,
    /** When Linchpin recorded the incident's first signal. */
    detectedAt: IsoTime,
    blastRadius: Type.Object({
      services: Type.Integer({ minimum: 0 }),
      alerts: Type.Integer({ minimum: 1 }),
      usersAffected: Type.Optional(Type.Integer({ minimum: 0 })),
    }),
    suggestedImpact: Suggestion,
    suggestedUrgency: Suggestion,
  }),
);

export const IncidentAssessed = IncidentAssessedV1;
export type IncidentAssessedEvent = EventOf<typeof IncidentAssessedV1>;
