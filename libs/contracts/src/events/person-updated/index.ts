import { Type } from '@sinclair/typebox';
import { defineEvent, EventOf } from '../../define-event';
import { PersonFields } from '../person-registered';

/** A person's details replaced (PUT): the full new state, so a reader needs only the latest. Published by coordination. */
export const PersonUpdatedV1 = defineEvent('PersonUpdated', 1, Type.Object(PersonFields));

export const PersonUpdated = PersonUpdatedV1;
export type PersonUpdatedEvent = EventOf<typeof PersonUpdatedV1>;
