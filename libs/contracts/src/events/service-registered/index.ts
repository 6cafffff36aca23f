import { Static, Type } from '@sinclair/typebox';
import { defineEvent, EventOf } from '../../define-event';

/**
 * Triage's service catalog (issue 15: published so that comms' public status page lists every service, not only
 * those incidents named). One stream per service, `service-<name>`, relayed to triage's topic; every change is a new
 * version of the whole definition. Kept exactly as triage stored it before it was published (same type, version and
 * schema), so stored events validate and fold unchanged. No `metadata.incidentId`: a service belongs to no incident.
 */

/** The string alerts carry in their `service` label; lower case so a label value and a name match without folding. */
export const SERVICE_NAME_PATTERN = /^[a-z0-9][a-z0-9._-]{0,99}$/;
/** `HH:MM`, 00:00 to 23:59: when a service's business hours start. */
export const SERVICE_HOURS_START_PATTERN = /^([01]\d|2[0-3]):[0-5]\d$/;
/** An end may also be 24:00 (the end of the day). */
export const SERVICE_HOURS_END_PATTERN = /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/;

export const ServiceName = Type.String({ pattern: SERVICE_NAME_PATTERN.source });

export const ServiceBusinessHours = Type.Object({
  /** IANA zone, e.g. Europe/Berlin: hours are local, daylight saving included. */
  timezone: Type.String({ minLength: 1 }),
  days: Type.Array(
    Type.Union([Type.Literal('mon'), Type.Literal('tue'), Type.Literal('wed'), Type.Literal('thu'), Type.Literal('fri'), Type.Literal('sat'), Type.Literal('sun')]),
    { minItems: 1 },
  ),
  start: Type.String({ pattern: SERVICE_HOURS_START_PATTERN.source }),
  /** Excluded. An end not after the start runs overnight into the next day (22:00–06:00). */
  end: Type.String({ pattern: SERVICE_HOURS_END_PATTERN.source }),
});
export type ServiceBusinessHoursData = Static<typeof ServiceBusinessHours>;

/** A service's whole definition, as `ServiceRegistered` and `ServiceUpdated` carry it. */
export const ServiceDefinitionFields = {
  name: ServiceName,
  /** The name people read (the public status page shows it); absent: the name. */
  displayName: Type.Optional(Type.String({ minLength: 1 })),
  tier: Type.Integer({ minimum: 1, maximum: 4 }),
  owningTeam: Type.String({ minLength: 1 }),
  escalationPolicy: Type.Optional(Type.String({ minLength: 1 })),
  businessHours: Type.Optional(ServiceBusinessHours),
  /** Services this one needs to work (sorted, no repeats). */
  dependsOn: Type.Array(ServiceName),
  /** 1 at registration, +1 on every recorded change (retirement included). */
  version: Type.Integer({ minimum: 1 }),
};

/** A service entered the catalog (or came back after a retirement: its versions continue). */
export const ServiceRegisteredV1 = defineEvent('ServiceRegistered', 1, Type.Object(ServiceDefinitionFields));

export const ServiceRegistered = ServiceRegisteredV1;
export type ServiceRegisteredEvent = EventOf<typeof ServiceRegisteredV1>;
