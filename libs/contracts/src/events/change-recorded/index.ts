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

/** At most this many services per change (a deploy touching more is reported per service group). */
export const CHANGE_MAX_SERVICES = 20;
export const CHANGE_SERVICE_MAX_LENGTH = 200;

/**
 * v2 (issue 16): a change may name several services (`services`, the generic `POST /detection/changes`) and may come
 * from no integration (`integrationId` null: reported by an authenticated sender, its actor in the metadata). A v1
 * event is raised with `services: [service]`.
 */
export const ChangeRecordedV2 = defineEvent(
  'ChangeRecorded',
  2,
  Type.Object({
    changeId: Uuid,
    /** The integration whose key (routing_key) the sender used; null when reported on `POST /detection/changes`. */
    integrationId: Type.Union([Uuid, Type.Null()]),
    /** The services that changed (distinct, in the sender's order): the integration's service on PagerDuty's route. */
    services: Type.Array(Type.String({ minLength: 1, maxLength: CHANGE_SERVICE_MAX_LENGTH }), { minItems: 1, maxItems: CHANGE_MAX_SERVICES }),
    summary: ChangeRecordedV1.schema.properties.summary,
    timestamp: ChangeRecordedV1.schema.properties.timestamp,
    receivedAt: ChangeRecordedV1.schema.properties.receivedAt,
    source: ChangeRecordedV1.schema.properties.source,
    customDetails: ChangeRecordedV1.schema.properties.customDetails,
    customDetailsTruncated: ChangeRecordedV1.schema.properties.customDetailsTruncated,
    links: ChangeRecordedV1.schema.properties.links,
  }),
);

export const ChangeRecorded = ChangeRecordedV2;
export type ChangeRecordedEvent = EventOf<typeof ChangeRecordedV2>;
export type ChangeRecordedV1Event = EventOf<typeof ChangeRecordedV1>;
