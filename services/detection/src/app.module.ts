import { Module } from '@nestjs/common';
import { InfrastructureModule } from '@linchpin/platform';
import { DetectionModule } from './detection.module';
import { DETECTION_SERVICE } from './service';

/** Detection running alone (distributed mode). */
@Module({ imports: [InfrastructureModule.forRoot({ service: DETECTION_SERVICE }), DetectionModule] })
export class DetectionAppModule {}
