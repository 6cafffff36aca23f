import { Type } from '@sinclair/typebox';
import { defineEvent, EventOf } from '../../define-event';
import { TeamFieldsV3 } from '../team-created';

/** A team's members, default escalation policy or policies replaced (PUT): its full new state. Published by coordination. */
export const TeamUpdatedV1 = defineEvent('TeamUpdated', 1, Type.Object(TeamFieldsV3));

export const TeamUpdated = TeamUpdatedV1;
export type TeamUpdatedEvent = EventOf<typeof TeamUpdatedV1>;
