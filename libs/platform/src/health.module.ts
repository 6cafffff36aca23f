import { Module } from '@nestjs/common';
import { HealthController } from './health.controller';

/** `/health/live` and `/health/ready`; the store and bus come from the global InfrastructureModule. */
@Module({ controllers: [HealthController] })
export class HealthModule {}
