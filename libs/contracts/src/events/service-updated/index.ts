import { Type } from '@sinclair/typebox';
import { defineEvent, EventOf } from '../../define-event';
import { ServiceDefinitionFields } from '../service-registered';

/** A catalogued service's new definition, whole (absent optional fields were removed); stream `service-<name>`. Published by triage. */
export const ServiceUpdatedV1 = defineEvent('ServiceUpdated', 1, Type.Object(ServiceDefinitionFields));

export const ServiceUpdated = ServiceUpdatedV1;
export type ServiceUpdatedEvent = EventOf<typeof ServiceUpdatedV1>;
