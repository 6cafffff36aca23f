import { Type } from '@sinclair/typebox';
import { IsoTime, Labels, Severity, Uuid } from '../../common';
import { defineEvent, EventOf } from '../../define-event';

/**
 * A correlation rule put an alert into an incident; stream `alertGroup-<groupId>`. `opened` says
 * the alert started a new incident (the group had none open); the alert's fields are copied so the
 * incident can be recorded from this event alone. Published by detection.
 */
export const AlertGroupedV1 = defineEvent(
  'AlertGrouped',
  1,
  Type.Object({
    groupId: Type.String({ minLength: 1 }),
    ruleId: Type.String({ minLength: 1 }),
    ruleVersion: Type.Integer({ minimum: 1 }),
    /** The values the rule grouped by, e.g. `{ service: "checkout", cluster: "eu-1" }`. */
    key: Labels,
    incidentId: Uuid,
    opened: Type.Boolean(),
    alertId: Uuid,
    fingerprint: Type.String({ minLength: 1 }),
    summary: Type.String(),
    severity: Severity,
    source: Type.String(),
    service: Type.Optional(Type.String()),
    labels: Labels,
    startsAt: IsoTime,
  }),
);

export const AlertGrouped = AlertGroupedV1;
export type AlertGroupedEvent = EventOf<typeof AlertGroupedV1>;
