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

/**
 * v2 adds the team's auto-resolve policy: resolve its incidents when detection reports that every
 * alert has resolved at its source (SignalsCleared). A v1 team is raised with `autoResolve: true`,
 * the default for new teams too (what Alertmanager and PagerDuty senders expect of a resolve).
 */
export const TeamCreatedV2 = defineEvent(
  'TeamCreated',
  2,
  Type.Object({
    ...TeamCreatedV1.schema.properties,
    autoResolve: Type.Boolean(),
  }),
);

export const TeamCreated = TeamCreatedV2;
export type TeamCreatedEvent = EventOf<typeof TeamCreatedV2>;
