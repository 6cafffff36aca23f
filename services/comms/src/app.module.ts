import { Module } from '@nestjs/common';
import { InfrastructureModule } from '@linchpin/platform';
import { CommsModule } from './comms.module';
import { COMMS_SERVICE } from './service';

/** Root module for running comms alone. */
@Module({ imports: [InfrastructureModule.forRoot({ service: COMMS_SERVICE }), CommsModule] })
export class AppModule {}
