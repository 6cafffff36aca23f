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

/**
 * v2 (issue 13): triage follows coordination's whole lifecycle, not only acknowledgement and
 * resolution: `investigating`, `identified` and `monitoring` (IncidentStatusChanged), and back to
 * `triggered` (a reopen nobody had acknowledged, or a reassignment) or `acknowledged` (a reopen of an
 * acknowledged incident). Its own literals, not coordination's: triage's contract changes only by a
 * version of its own. Every v1 event is a valid v2 event.
 */
export const TriageStatusChangedV2 = defineEvent(
  'TriageStatusChanged',
  2,
  Type.Object({
    incidentId: Uuid,
    status: Type.Union([
      Type.Literal('triggered'),
      Type.Literal('acknowledged'),
      Type.Literal('investigating'),
      Type.Literal('identified'),
      Type.Literal('monitoring'),
      Type.Literal('resolved'),
    ]),
    /** Type of the event that told triage, e.g. `IncidentStatusChanged`. */
    cause: Type.String(),
    /** Who did it, as that event said. */
    by: Type.Optional(Type.String()),
  }),
);

export const TriageStatusChanged = TriageStatusChangedV2;
export type TriageStatusChangedEvent = EventOf<typeof TriageStatusChangedV2>;
