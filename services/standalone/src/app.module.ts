import { Module } from '@nestjs/common';
import { CommsModule } from '@linchpin/comms';
import { CoordinationModule } from '@linchpin/coordination';
import { DetectionModule } from '@linchpin/detection';
import { InfrastructureModule } from '@linchpin/platform';
import { ReviewModule } from '@linchpin/review';
import { TriageModule } from '@linchpin/triage';
import { STANDALONE_SERVICE } from './service';

/** One process, one store, one bus: the embedded default. */
@Module({
  imports: [
    InfrastructureModule.forRoot({ service: STANDALONE_SERVICE }),
    DetectionModule,
    TriageModule,
    CoordinationModule,
    CommsModule,
    ReviewModule,
  ],
})
export class StandaloneAppModule {}
