import { Type } from '@sinclair/typebox';
import { IsoTime, Labels, Severity, Uuid } from '../../common';
import { defineEvent, EventOf } from '../../define-event';

/**
 * Triage received a detected incident; stream `triage-<incidentId>`. Recorded before the
 * incident is triaged, so an incident whose triage fails still shows in the queue, flagged as
 * not triaged. Published by triage.
 */
export const IncidentQueuedV1 = defineEvent(
  'IncidentQueued',
  1,
  Type.Object({
    incidentId: Uuid,
    title: Type.String(),
    severity: Severity,
    source: Type.String(),
    service: Type.Optional(Type.String()),
    labels: Labels,
    /** When detection recorded the incident: the queue orders by this. */
    detectedAt: IsoTime,
    /** First signal at its source (from IncidentDetected), for metrics. */
    firstSignalAt: IsoTime,
  }),
);

export const IncidentQueued = IncidentQueuedV1;
export type IncidentQueuedEvent = EventOf<typeof IncidentQueuedV1>;
