import { Type } from '@sinclair/typebox';
import { nameBasedId } from '@linchpin/eventsourcing';
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

/**
 * The person a team member of a v1/v2 team (or of a legacy `POST /coordination/teams` payload) is:
 * derived from the team and the member's name, so a retried POST, the upcaster and coordination
 * all name the same person.
 */
export const legacyPersonIdOf = (teamId: string, memberName: string): string => nameBasedId(`person:${teamId}:${memberName.trim().toLowerCase()}`);
/** The one webhook contact method of a legacy member's person. */
export const legacyContactMethodIdOf = (personId: string): string => nameBasedId(`contact-method:${personId}:webhook`);

/** A team's state from v3 on: members reference people (`/coordination/people`). */
export const TeamFieldsV3 = {
  teamId: Uuid,
  name: Type.String({ minLength: 1 }),
  members: Type.Array(
    Type.Object({
      personId: Uuid,
      onCallOrder: Type.Integer({ minimum: 1 }),
      /**
       * Set only by the v2 → v3 upcaster: the member's inline name and webhook as a v1/v2 team stored
       * them, so coordination can register that person (`legacyPersonIdOf`) the first time it pages
       * a team created before people existed. Coordination never writes it.
       */
      legacyContact: Type.Optional(Type.Object({ name: Type.String(), webhookUrl: Type.String() })),
    }),
  ),
  autoResolve: Type.Boolean(),
  /** The team's default escalation policy, when it has one. */
  defaultEscalationPolicyId: Type.Optional(Uuid),
};

/** v3: members are people (`personId`, `onCallOrder`); no contact address is in a team event any more. */
export const TeamCreatedV3 = defineEvent('TeamCreated', 3, Type.Object(TeamFieldsV3));

export const TeamCreated = TeamCreatedV3;
export type TeamCreatedEvent = EventOf<typeof TeamCreatedV3>;
