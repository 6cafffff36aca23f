import { Type } from '@sinclair/typebox';
import { Uuid } from '../../common';
import { defineEvent, EventOf } from '../../define-event';

/** The incident is over. Published by coordination. */
export const IncidentResolvedV1 = defineEvent(
  'IncidentResolved',
  1,
  Type.Object({
    incidentId: Uuid,
    by: Type.String(),
    resolution: Type.Optional(Type.String()),
  }),
);

export const IncidentResolved = IncidentResolvedV1;
export type IncidentResolvedEvent = EventOf<typeof IncidentResolvedV1>;
