import { Type } from '@sinclair/typebox';
import { Priority, SevLevel, Uuid } from '../../common';
import { defineEvent, EventOf } from '../../define-event';

/** Coordination took triage's new priority for an incident it is responding to; stream `response-<incidentId>`. Published by coordination. */
export const ResponsePriorityChangedV1 = defineEvent(
  'ResponsePriorityChanged',
  1,
  Type.Object({
    incidentId: Uuid,
    previous: Type.Union([Priority, Type.Null()]),
    priority: Priority,
    severity: SevLevel,
    /** What triage said changed it (signals, dependency, report, override, override-cleared). */
    trigger: Type.String(),
    reason: Type.String(),
  }),
);

export const ResponsePriorityChanged = ResponsePriorityChangedV1;
export type ResponsePriorityChangedEvent = EventOf<typeof ResponsePriorityChangedV1>;
