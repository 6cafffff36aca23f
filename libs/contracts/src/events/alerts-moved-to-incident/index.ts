import { Type } from '@sinclair/typebox';
import { IsoTime, Severity, Uuid } from '../../common';
import { defineEvent, EventOf } from '../../define-event';
import { AlertMoveReason } from '../alert-moved-to-incident';

/**
 * Alerts of another incident (`from`) now count toward this one, as they stand (firing or not):
 * coordination merged `from` into it (`merged`), or undid the merge of this one (`unmerged`).
 * Stream `detection-<incidentId>`. Published by detection. Unlike `AlertJoinedIncident` (an alert
 * that fires joins), nothing fired anew.
 */
export const AlertsMovedToIncidentV1 = defineEvent(
  'AlertsMovedToIncident',
  1,
  Type.Object({
    incidentId: Uuid,
    from: Uuid,
    reason: AlertMoveReason,
    alerts: Type.Array(
      Type.Object({
        alertId: Uuid,
        fingerprint: Type.String({ minLength: 1 }),
        severity: Severity,
        service: Type.Optional(Type.String()),
        startsAt: IsoTime,
        firing: Type.Boolean(),
        endsAt: Type.Optional(IsoTime),
        usersAffected: Type.Optional(Type.Integer({ minimum: 0 })),
      }),
    ),
  }),
);

export const AlertsMovedToIncident = AlertsMovedToIncidentV1;
export type AlertsMovedToIncidentEvent = EventOf<typeof AlertsMovedToIncidentV1>;
