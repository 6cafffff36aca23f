import { Type } from '@sinclair/typebox';
import { Uuid } from '../../common';
import { defineEvent, EventOf } from '../../define-event';

/**
 * The incident was handed to another team (paged by that team's escalation policy) or person (paged
 * directly); it is triggered again until the new assignee acknowledges. Published by coordination.
 */
export const IncidentReassignedV1 = defineEvent(
  'IncidentReassigned',
  1,
  Type.Object({
    incidentId: Uuid,
    by: Type.String(),
    to: Type.Object({ kind: Type.Union([Type.Literal('team'), Type.Literal('person')]), id: Uuid, name: Type.String() }),
    /** The team the incident was with before. */
    previousTeam: Type.String(),
  }),
);

export const IncidentReassigned = IncidentReassignedV1;
export type IncidentReassignedEvent = EventOf<typeof IncidentReassignedV1>;
