import { Type } from '@sinclair/typebox';
import { defineEvent, EventOf } from '../../define-event';
import { ServiceName } from '../service-registered';

/** A service left the catalog (it may be registered again); stream `service-<name>`. Published by triage. */
export const ServiceRetiredV1 = defineEvent('ServiceRetired', 1, Type.Object({ name: ServiceName, version: Type.Integer({ minimum: 1 }) }));

export const ServiceRetired = ServiceRetiredV1;
export type ServiceRetiredEvent = EventOf<typeof ServiceRetiredV1>;
