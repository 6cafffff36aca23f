import { Static, Type } from '@sinclair/typebox';
import { Uuid } from '../../common';
import { defineEvent, EventOf } from '../../define-event';

/** How a person can be reached. The address is a webhook or Slack incoming-webhook URL, or an email address. */
export const ContactMethod = Type.Object({
  id: Uuid,
  kind: Type.Union([Type.Literal('webhook'), Type.Literal('slack'), Type.Literal('email')]),
  address: Type.String({ minLength: 1 }),
  label: Type.Optional(Type.String()),
});
export type ContactMethodData = Static<typeof ContactMethod>;

/** Which contact method to use once a page has gone unacknowledged for `afterMinutes`. */
export const NotificationRule = Type.Object({ contactMethodId: Uuid, afterMinutes: Type.Integer({ minimum: 0 }) });
export type NotificationRuleData = Static<typeof NotificationRule>;

/** A person's whole state as coordination keeps it: every person event carries all of it. */
export const PersonFields = {
  personId: Uuid,
  name: Type.String({ minLength: 1 }),
  email: Type.Optional(Type.String()),
  /** IANA time zone, e.g. `Europe/Paris`. */
  timeZone: Type.String({ minLength: 1 }),
  contactMethods: Type.Array(ContactMethod),
  notificationRules: Type.Array(NotificationRule),
};

/**
 * A person who can be paged; stream `person-<personId>`. Published by coordination. With
 * PersonUpdated, the only events that carry contact addresses: pages name the person and the
 * contact method's id, and comms resolves the address from these.
 */
export const PersonRegisteredV1 = defineEvent('PersonRegistered', 1, Type.Object(PersonFields));

export const PersonRegistered = PersonRegisteredV1;
export type PersonRegisteredEvent = EventOf<typeof PersonRegisteredV1>;
