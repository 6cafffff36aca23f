import { Type } from '@sinclair/typebox';
import { Uuid } from '../../common';
import { defineEvent, EventOf } from '../../define-event';

/** A team retired: routing treats it as unknown (the default route's team is paged instead). Published by coordination. */
export const TeamRetiredV1 = defineEvent('TeamRetired', 1, Type.Object({ teamId: Uuid, name: Type.String() }));

export const TeamRetired = TeamRetiredV1;
export type TeamRetiredEvent = EventOf<typeof TeamRetiredV1>;
