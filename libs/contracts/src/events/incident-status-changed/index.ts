import { Type } from '@sinclair/typebox';
import { Uuid } from '../../common';
import { defineEvent, EventOf } from '../../define-event';

/** The response's working status after acknowledgement, as a responder moves it. Published by coordination. */
export const LifecycleStatus = Type.Union([
  Type.Literal('triggered'),
  Type.Literal('acknowledged'),
  Type.Literal('investigating'),
  Type.Literal('identified'),
  Type.Literal('monitoring'),
  Type.Literal('resolved'),
]);

/** A responder moved the incident forward (investigating, identified, monitoring); stream `response-<incidentId>`. */
export const IncidentStatusChangedV1 = defineEvent(
  'IncidentStatusChanged',
  1,
  Type.Object({
    incidentId: Uuid,
    from: LifecycleStatus,
    to: Type.Union([Type.Literal('investigating'), Type.Literal('identified'), Type.Literal('monitoring')]),
    by: Type.String(),
    note: Type.Optional(Type.String()),
  }),
);

export const IncidentStatusChanged = IncidentStatusChangedV1;
export type IncidentStatusChangedEvent = EventOf<typeof IncidentStatusChangedV1>;
