import { Type } from '@sinclair/typebox';
import { Uuid } from '../../common';
import { defineEvent, EventOf } from '../../define-event';

/**
 * Triage learned from coordination (EscalationExhausted) that the incident's escalation policy ran
 * out unacknowledged, and keeps it as its own fact so its views and queue flag the incident without
 * reading coordination's streams. Published by triage.
 */
export const TriageEscalationExhaustedNotedV1 = defineEvent(
  'TriageEscalationExhaustedNoted',
  1,
  Type.Object({
    incidentId: Uuid,
    /** Coordination's words: which policy, how many levels, whom it pages next. */
    reason: Type.String(),
    /** The default route's team coordination pages next; null when there is none. */
    fallbackTeam: Type.Union([Type.String(), Type.Null()]),
  }),
);

export const TriageEscalationExhaustedNoted = TriageEscalationExhaustedNotedV1;
export type TriageEscalationExhaustedNotedEvent = EventOf<typeof TriageEscalationExhaustedNotedV1>;
