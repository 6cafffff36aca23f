import { Module } from '@nestjs/common';
import { InfrastructureModule } from '@linchpin/platform';
import { REVIEW_SERVICE } from './service';
import { ReviewModule } from './review.module';

/** Root module for running review alone. */
@Module({ imports: [InfrastructureModule.forRoot({ service: REVIEW_SERVICE }), ReviewModule] })
export class AppModule {}
