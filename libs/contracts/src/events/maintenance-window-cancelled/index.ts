import { Type } from '@sinclair/typebox';
import { Uuid } from '../../common';
import { defineEvent, EventOf } from '../../define-event';

/** A maintenance window called off (before or during it): nothing matches it from then on; stream `maintenance-<windowId>`. Published by detection. */
export const MaintenanceWindowCancelledV1 = defineEvent('MaintenanceWindowCancelled', 1, Type.Object({ windowId: Uuid }));

export const MaintenanceWindowCancelled = MaintenanceWindowCancelledV1;
export type MaintenanceWindowCancelledEvent = EventOf<typeof MaintenanceWindowCancelledV1>;
