import { Type } from '@sinclair/typebox';
import { Uuid } from '../../common';
import { defineEvent, EventOf } from '../../define-event';
import { AlertMoveReason } from '../alert-moved-to-incident';

/**
 * Alerts of this incident now count toward another (`to`): the other side of
 * `AlertsMovedToIncident`. Stream `detection-<incidentId>`. Published by detection.
 */
export const AlertsMovedOutOfIncidentV1 = defineEvent(
  'AlertsMovedOutOfIncident',
  1,
  Type.Object({
    incidentId: Uuid,
    to: Uuid,
    reason: AlertMoveReason,
    alertIds: Type.Array(Uuid),
  }),
);

export const AlertsMovedOutOfIncident = AlertsMovedOutOfIncidentV1;
export type AlertsMovedOutOfIncidentEvent = EventOf<typeof AlertsMovedOutOfIncidentV1>;
