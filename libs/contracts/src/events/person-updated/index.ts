import { Type } from '@sinclair/typebox';
import { defineEvent, EventOf } from '../../define-event';
import { PersonFields, PersonFieldsV1 } from '../person-registered';

/** A person's details replaced (PUT): the full new state, so a reader needs only the latest. Published by coordination. */
export const PersonUpdatedV1 = defineEvent('PersonUpdated', 1, Type.Object(PersonFieldsV1));

/** v2 (issue 15): a contact method may be `teams`. Every v1 event is a valid v2 event. */
export const PersonUpdatedV2 = defineEvent('PersonUpdated', 2, Type.Object(PersonFields));

export const PersonUpdated = PersonUpdatedV2;
export type PersonUpdatedEvent = EventOf<typeof PersonUpdatedV2>;
