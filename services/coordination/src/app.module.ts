import { Module } from '@nestjs/common';
import { InfrastructureModule } from '@linchpin/platform';
import { CoordinationModule } from './coordination.module';
import { COORDINATION_SERVICE } from './service';

/** Root module for running coordination alone. */
@Module({ imports: [InfrastructureModule.forRoot({ service: COORDINATION_SERVICE }), CoordinationModule] })
export class AppModule {}
