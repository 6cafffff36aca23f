import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { RelayModule } from '@linchpin/platform';
import { ClearOverrideHandler, OverridePriorityHandler } from './application/priority-override.handlers';
import { QueueProjection } from './application/queue.projection';
import { GetQueueHandler, GetTriageHandler } from './application/triage.queries';
import { DetectionAndCoordinationReactor } from './application/detection-and-coordination.reactor';
import { WhatIfHandler } from './application/what-if.query';
import { SERVICE_STREAM_PREFIX, TRIAGE_STREAM_PREFIX } from './domain/streams';
import { PriorityController } from './http/priority.controller';
import { TriageController } from './http/triage.controller';
import { WhatIfController } from './http/what-if.controller';
import { SERVICE_CATALOG_CONTROLLERS, SERVICE_CATALOG_PROVIDERS } from './service-catalog.module-parts';
import { TRIAGE_CONFIG_CONTROLLERS, TRIAGE_CONFIG_PROVIDERS } from './triage-config.module-parts';

/** Triage: needs the kernel ports from InfrastructureModule in the root module. */
@Module({
  imports: [CqrsModule, RelayModule.forFeature({ context: 'triage', streamPrefixes: [TRIAGE_STREAM_PREFIX, SERVICE_STREAM_PREFIX] })],
  controllers: [TriageController, PriorityController, WhatIfController, ...SERVICE_CATALOG_CONTROLLERS, ...TRIAGE_CONFIG_CONTROLLERS],
  providers: [
    DetectionAndCoordinationReactor,
    QueueProjection,
    GetTriageHandler,
    GetQueueHandler,
    OverridePriorityHandler,
    ClearOverrideHandler,
    WhatIfHandler,
    ...SERVICE_CATALOG_PROVIDERS,
    ...TRIAGE_CONFIG_PROVIDERS,
  ],
})
export class TriageModule {}
