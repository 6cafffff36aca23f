import { Type } from '@sinclair/typebox';
import { Uuid } from '../../common';
import { defineEvent, EventOf } from '../../define-event';

/** A team with its members in on-call order; stream `team-<id>`. Published by coordination. */
export const TeamCreatedV1 = defineEvent(
  'TeamCreated',
  1,
  Type.Object({
    teamId: Uuid,
    name: Type.String({ minLength: 1 }),
    members: Type.Array(
      Type.Object({
        name: Type.String(),
        onCallOrder: Type.Integer({ minimum: 1 }),
        contact: Type.Object({ webhookUrl: Type.String({ format: 'uri' }) }),
      }),
    ),
  }),
);

export const TeamCreated = TeamCreatedV1;
export type TeamCreatedEvent = EventOf<typeof TeamCreatedV1>;
