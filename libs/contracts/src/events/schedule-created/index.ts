import { Static, Type } from '@sinclair/typebox';
import { Uuid } from '../../common';
import { defineEvent, EventOf } from '../../define-event';

const Weekday = Type.Union([
  Type.Literal('mon'),
  Type.Literal('tue'),
  Type.Literal('wed'),
  Type.Literal('thu'),
  Type.Literal('fri'),
  Type.Literal('sat'),
  Type.Literal('sun'),
]);

/** A layer of a schedule: its rotation's hand-offs are local times in the schedule's zone. */
export const ScheduleLayerSchema = Type.Object({
  name: Type.String({ minLength: 1 }),
  /** Person ids in rotation order. */
  participants: Type.Array(Uuid, { minItems: 1 }),
  rotation: Type.Union([Type.Literal('daily'), Type.Literal('weekly'), Type.Literal('custom')]),
  /** Hours between hand-offs; only for a custom rotation. */
  handoffHours: Type.Optional(Type.Integer({ minimum: 1 })),
  /** Local date-time of the first hand-off (`2026-03-02T09:00`). */
  start: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}$' }),
  /** Local time of every later hand-off (`09:00`). */
  handoffTime: Type.String({ pattern: '^\\d{2}:\\d{2}$' }),
  /** Windows the layer is on call in (local); none: always. An end not after the start runs overnight. */
  restrictions: Type.Array(
    Type.Object({
      days: Type.Array(Weekday, { minItems: 1 }),
      start: Type.String({ pattern: '^\\d{2}:\\d{2}$' }),
      end: Type.String({ pattern: '^\\d{2}:\\d{2}$' }),
    }),
  ),
});

/** The full definition of one version of a schedule; layer 1 first, where layers overlap the higher-numbered wins. */
export const ScheduleDefinitionSchema = {
  scheduleId: Uuid,
  /** 1 for the first definition, one more for each update. */
  version: Type.Integer({ minimum: 1 }),
  name: Type.String({ minLength: 1 }),
  /** IANA time zone of every local time in the layers. */
  timeZone: Type.String({ minLength: 1 }),
  layers: Type.Array(ScheduleLayerSchema, { minItems: 1 }),
};

/** An on-call schedule, version 1; stream `schedule-<scheduleId>`. Published by coordination. */
export const ScheduleCreatedV1 = defineEvent('ScheduleCreated', 1, Type.Object(ScheduleDefinitionSchema));

export const ScheduleCreated = ScheduleCreatedV1;
export type ScheduleCreatedEvent = EventOf<typeof ScheduleCreatedV1>;
export type ScheduleLayerData = Static<typeof ScheduleLayerSchema>;
