import { Static, Type } from '@sinclair/typebox';
import { Uuid } from '../../common';
import { defineEvent, EventOf } from '../../define-event';

/** The contact method kinds of v1 person events (and of pages before issue 15's Teams contacts). */
export const ContactKindV1 = Type.Union([Type.Literal('webhook'), Type.Literal('slack'), Type.Literal('email')]);

/**
 * The contact method kinds from issue 15 on: `teams` is a Microsoft Teams (or Power Automate)
 * webhook URL, paged with an Adaptive Card. Every event carrying a kind took a new version for it,
 * because consumers validate the published union.
 */
export const ContactKind = Type.Union([Type.Literal('webhook'), Type.Literal('slack'), Type.Literal('teams'), Type.Literal('email')]);
export type ContactKindName = Static<typeof ContactKind>;

/** How a person can be reached (v1). The address is a webhook or Slack incoming-webhook URL, or an email address. */
export const ContactMethodV1 = Type.Object({
  id: Uuid,
  kind: ContactKindV1,
  address: Type.String({ minLength: 1 }),
  label: Type.Optional(Type.String()),
});

/** How a person can be reached (v2): as v1, or a Teams webhook URL (`teams`). */
export const ContactMethod = Type.Object({ ...ContactMethodV1.properties, kind: ContactKind });
export type ContactMethodData = Static<typeof ContactMethod>;

/** Which contact method to use once a page has gone unacknowledged for `afterMinutes`. */
export const NotificationRule = Type.Object({ contactMethodId: Uuid, afterMinutes: Type.Integer({ minimum: 0 }) });
export type NotificationRuleData = Static<typeof NotificationRule>;

/** A person's whole state as coordination keeps it (v1 person events): every person event carries all of it. */
export const PersonFieldsV1 = {
  personId: Uuid,
  name: Type.String({ minLength: 1 }),
  email: Type.Optional(Type.String()),
  /** IANA time zone, e.g. `Europe/Paris`. */
  timeZone: Type.String({ minLength: 1 }),
  contactMethods: Type.Array(ContactMethodV1),
  notificationRules: Type.Array(NotificationRule),
};

/** The same state from v2 on: a contact method may also be `teams`. */
export const PersonFields = { ...PersonFieldsV1, contactMethods: Type.Array(ContactMethod) };

/**
 * A person who can be paged; stream `person-<personId>`. Published by coordination. With
 * PersonUpdated, the only events that carry contact addresses: pages name the person and the
 * contact method's id, and comms resolves the address from these.
 */
export const PersonRegisteredV1 = defineEvent('PersonRegistered', 1, Type.Object(PersonFieldsV1));

/** v2 (issue 15): a contact method may be `teams`. Every v1 event is a valid v2 event. */
export const PersonRegisteredV2 = defineEvent('PersonRegistered', 2, Type.Object(PersonFields));

export const PersonRegistered = PersonRegisteredV2;
export type PersonRegisteredEvent = EventOf<typeof PersonRegisteredV2>;
