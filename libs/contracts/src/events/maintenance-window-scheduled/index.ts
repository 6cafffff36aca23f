import { Type } from '@sinclair/typebox';
import { IsoTime, Labels, Uuid } from '../../common';
import { defineEvent, EventOf } from '../../define-event';

/**
 * A maintenance window scheduled ahead: detection records a matching alert but opens nothing for it. Stream
 * `maintenance-<windowId>`, relayed to detection's topic since issue 15 (comms' public status page shows the services
 * a window covers as under maintenance). Kept exactly as detection stored it before it was published. No
 * `metadata.incidentId`. An alert matches when it fires between `startsAt` (included) and `endsAt` (excluded), its
 * service is among `services` (or `services` is empty) and it carries every label of `labels`.
 */
export const MaintenanceWindowScheduledV1 = defineEvent(
  'MaintenanceWindowScheduled',
  1,
  Type.Object({
    windowId: Uuid,
    /** The operator's name for it: internal wording, not for the public page. */
    name: Type.String({ minLength: 1 }),
    startsAt: IsoTime,
    endsAt: IsoTime,
    /** Alerts of these services match (an empty list: any service). */
    services: Type.Array(Type.String({ minLength: 1 })),
    /** And alerts carrying all of these labels (an empty object: any labels). */
    labels: Labels,
  }),
);

export const MaintenanceWindowScheduled = MaintenanceWindowScheduledV1;
export type MaintenanceWindowScheduledEvent = EventOf<typeof MaintenanceWindowScheduledV1>;
