import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { RelayModule } from '@linchpin/platform';
import { QueueProjection } from './application/queue.projection';
import { GetQueueHandler, GetTriageHandler } from './application/triage.queries';
import { TriageReactor } from './application/triage.reactor';
import { TRIAGE_STREAM_PREFIX } from './domain/streams';
import { TriageController } from './http/triage.controller';

/** Triage: needs the kernel ports from InfrastructureModule in the root module. */
@Module({
  imports: [CqrsModule, RelayModule.forFeature({ context: 'triage', streamPrefixes: [TRIAGE_STREAM_PREFIX] })],
  controllers: [TriageController],
  providers: [TriageReactor, QueueProjection, GetTriageHandler, GetQueueHandler],
})
export class TriageModule {}
