import { Type } from '@sinclair/typebox';
import { IsoTime, Severity, Uuid } from '../../common';
import { defineEvent, EventOf } from '../../define-event';

/** An alert counts toward an incident (its first or a correlated one); stream `detection-<incidentId>`. Published by detection. */
export const AlertJoinedIncidentV1 = defineEvent(
  'AlertJoinedIncident',
  1,
  Type.Object({
    incidentId: Uuid,
    alertId: Uuid,
    fingerprint: Type.String({ minLength: 1 }),
    severity: Severity,
    service: Type.Optional(Type.String()),
    sender: Type.Optional(Type.String()),
    startsAt: IsoTime,
    ruleId: Type.Optional(Type.String()),
    ruleVersion: Type.Optional(Type.Integer({ minimum: 1 })),
    usersAffected: Type.Optional(Type.Integer({ minimum: 0 })),
  }),
);

export const AlertJoinedIncident = AlertJoinedIncidentV1;
export type AlertJoinedIncidentEvent = EventOf<typeof AlertJoinedIncidentV1>;
