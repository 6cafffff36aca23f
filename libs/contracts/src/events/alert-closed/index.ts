import { Type } from '@sinclair/typebox';
import { IsoTime, Uuid } from '../../common';
import { defineEvent, EventOf } from '../../define-event';

/**
 * The alert's incident was resolved (coordination's IncidentResolved) while the alert still fired
 * at its source: detection closes it, so the next signal of the same fingerprint opens a new alert
 * and a new incident, and pages, instead of deduplicating into the resolved one. Unlike
 * AlertResolved, the source did not say it stopped. Stream `alert-<fingerprint>`. Published by detection.
 */
export const AlertClosedV1 = defineEvent(
  'AlertClosed',
  1,
  Type.Object({
    alertId: Uuid,
    fingerprint: Type.String({ minLength: 1 }),
    incidentId: Uuid,
    /** Who resolved the incident (IncidentResolved's `by`). */
    by: Type.String(),
    /** Why, in words: `incident <id> resolved by <by>`. */
    reason: Type.String(),
    /** When detection closed it (the time of its decision, not the source's). */
    closedAt: IsoTime,
  }),
);

export const AlertClosed = AlertClosedV1;
export type AlertClosedEvent = EventOf<typeof AlertClosedV1>;
