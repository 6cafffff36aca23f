import { Type } from '@sinclair/typebox';
import { Uuid } from '../../common';
import { defineEvent, EventOf } from '../../define-event';

/** A person retired: never paged again, no change accepted after. Published by coordination. */
export const PersonRetiredV1 = defineEvent('PersonRetired', 1, Type.Object({ personId: Uuid, name: Type.String() }));

export const PersonRetired = PersonRetiredV1;
export type PersonRetiredEvent = EventOf<typeof PersonRetiredV1>;
