import { Type } from '@sinclair/typebox';
import { IsoTime, Labels, Severity, Uuid } from '../../common';
import { defineEvent, EventOf } from '../../define-event';

/** A signal started firing; stream `alert-<fingerprint>`. Opens or joins an incident. Published by detection. */
export const AlertFiredV1 = defineEvent(
  'AlertFired',
  1,
  Type.Object({
    alertId: Uuid,
    fingerprint: Type.String({ minLength: 1 }),
    source: Type.String(),
    summary: Type.String(),
    severity: Severity,
    labels: Labels,
    dedupKey: Type.Optional(Type.String()),
    /** When the signal started at its source (sender's startsAt/timestamp). */
    startsAt: IsoTime,
    incidentId: Uuid,
  }),
);

/** What grouped an alert into its incident: the correlation rule and its version, and whether it opened the incident. */
export const Grouping = Type.Object({
  groupId: Type.String({ minLength: 1 }),
  ruleId: Type.String({ minLength: 1 }),
  ruleVersion: Type.Integer({ minimum: 1 }),
  opened: Type.Boolean(),
});

/**
 * v2 adds where the signal came from (integration, sender kind, service), what the sender said
 * besides the summary (annotations, details, links, images), the grouping that chose the incident,
 * and whether the alert was flapping (it then joins its last incident instead of opening one).
 * All new fields are optional, so a v1 event is a valid v2 event as it is.
 */
export const AlertFiredV2 = defineEvent(
  'AlertFired',
  2,
  Type.Object({
    ...AlertFiredV1.schema.properties,
    integrationId: Type.Optional(Uuid),
    sender: Type.Optional(Type.String()),
    service: Type.Optional(Type.String()),
    annotations: Type.Optional(Labels),
    details: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    links: Type.Optional(Type.Array(Type.Object({ href: Type.String(), text: Type.Optional(Type.String()) }))),
    images: Type.Optional(Type.Array(Type.Object({ src: Type.String(), href: Type.Optional(Type.String()), alt: Type.Optional(Type.String()) }))),
    grouping: Type.Optional(Grouping),
    flapping: Type.Optional(Type.Boolean()),
  }),
);

export const AlertFired = AlertFiredV2;
export type AlertFiredEvent = EventOf<typeof AlertFiredV2>;
