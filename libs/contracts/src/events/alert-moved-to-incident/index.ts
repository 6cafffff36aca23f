import { Type } from '@sinclair/typebox';
import { Uuid } from '../../common';
import { defineEvent, EventOf } from '../../define-event';

export const AlertMoveReason = Type.Union([Type.Literal('merged'), Type.Literal('unmerged')]);

/**
 * An alert now belongs to another incident because coordination merged (or unmerged) incidents:
 * its next signal deduplicates into, resolves or closes with `incidentId`. Stream
 * `alert-<fingerprint>`. Published by detection.
 */
export const AlertMovedToIncidentV1 = defineEvent(
  'AlertMovedToIncident',
  1,
  Type.Object({
    alertId: Uuid,
    fingerprint: Type.String({ minLength: 1 }),
    /** The incident the alert belongs to now. */
    incidentId: Uuid,
    /** The incident it belonged to before. */
    from: Uuid,
    reason: AlertMoveReason,
  }),
);

export const AlertMovedToIncident = AlertMovedToIncidentV1;
export type AlertMovedToIncidentEvent = EventOf<typeof AlertMovedToIncidentV1>;
