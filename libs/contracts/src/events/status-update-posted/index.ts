import { Type } from '@sinclair/typebox';
import { Uuid } from '../../common';
import { defineEvent, EventOf } from '../../define-event';

/** A status update for stakeholders; stream `comms-<incidentId>`. Published by comms. */
export const StatusUpdatePostedV1 = defineEvent(
  'StatusUpdatePosted',
  1,
  Type.Object({
    incidentId: Uuid,
    updateId: Uuid,
    status: Type.Union([
      Type.Literal('investigating'),
      Type.Literal('identified'),
      Type.Literal('monitoring'),
      Type.Literal('resolved'),
    ]),
    message: Type.String({ minLength: 1 }),
  }),
);

export const StatusUpdatePosted = StatusUpdatePostedV1;
export type StatusUpdatePostedEvent = EventOf<typeof StatusUpdatePostedV1>;
