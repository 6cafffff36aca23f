import { Module } from '@nestjs/common';
import { InfrastructureModule } from '@linchpin/platform';
import { TriageModule } from './triage.module';
import { TRIAGE_SERVICE } from './service';

/** Triage running alone (distributed mode). */
@Module({ imports: [InfrastructureModule.forRoot({ service: TRIAGE_SERVICE }), TriageModule] })
export class TriageAppModule {}
