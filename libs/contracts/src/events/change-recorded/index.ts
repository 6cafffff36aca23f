import { Type } from '@sinclair/typebox';
import { IsoTime, Uuid } from '../../common';
import { defineEvent, EventOf } from '../../define-event';

/** PagerDuty's own bound on a change's summary (Change Events API). */
export const CHANGE_SUMMARY_MAX_LENGTH = 1024;
export const CHANGE_SOURCE_MAX_LENGTH = 1024;
/** The sender's custom_details are kept as JSON text up to this many characters (see `customDetailsTruncated`). */
export const CHANGE_CUSTOM_DETAILS_MAX_LENGTH = 16 * 1024;
export const CHANGE_MAX_LINKS = 50;
export const CHANGE_LINK_HREF_MAX_LENGTH = 2048;
export const CHANGE_LINK_TEXT_MAX_LENGTH = 1024;

/** A link the sender attached: kept as given, never fetched by Linchpin. */
export const ChangeLink = Type.Object({
  href: Type.String({ minLength: 1, maxLength: CHANGE_LINK_HREF_MAX_LENGTH }),
  text: Type.Optional(Type.String({ maxLength: CHANGE_LINK_TEXT_MAX_LENGTH })),
});

/**
 * A change to a service (a deploy, a configuration applied, a flag flipped), as a sender reported it on
 * PagerDuty's Change Events API (`POST /v2/change/enqueue`). Context for responders, not a problem: it
 * opens no incident and pages nobody, so it belongs to no incident (no `metadata.incidentId`). Stream
 * `change-<changeId>`. Published by detection.
 */
export const ChangeRecordedV1 = defineEvent(
  'ChangeRecorded',
  1,
  Type.Object({
    changeId: Uuid,
    /** The integration whose key (routing_key) the sender used. */
    integrationId: Uuid,
    /** The integration's service: the service that changed. */
    service: Type.String({ minLength: 1 }),
    summary: Type.String({ minLength: 1, maxLength: CHANGE_SUMMARY_MAX_LENGTH }),
    /** The sender's time for the change (`payload.timestamp`), or null when it gave none. */
    timestamp: Type.Union([IsoTime, Type.Null()]),
    /** When Linchpin received it. */
    receivedAt: IsoTime,
    /** Where the change happened, as the sender named it (`payload.source`), or null. */
    source: Type.Union([Type.String({ minLength: 1, maxLength: CHANGE_SOURCE_MAX_LENGTH }), Type.Null()]),
    /** The sender's `payload.custom_details` as JSON text, cut at the bound (see `customDetailsTruncated`), or null. */
    customDetails: Type.Union([Type.String({ maxLength: CHANGE_CUSTOM_DETAILS_MAX_LENGTH }), Type.Null()]),
    customDetailsTruncated: Type.Boolean(),
    links: Type.Array(ChangeLink, { maxItems: CHANGE_MAX_LINKS }),
  }),
);

export const ChangeRecorded = ChangeRecordedV1;
export type ChangeRecordedEvent = EventOf<typeof ChangeRecordedV1>;
