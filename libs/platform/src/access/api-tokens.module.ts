import { DynamicModule, Module } from '@nestjs/common';
import { CLOCK, Clock, EVENT_STORE, EventStore, MESSAGE_BUS, MessageBus } from '@linchpin/eventsourcing';
import { ServiceDefinition } from '../service-definition';
import { API_TOKEN_DIRECTORY } from './api-token-directory';
import { ApiTokensProjection } from './api-tokens.projection';

/**
 * The service's projection of coordination's API tokens, as `API_TOKEN_DIRECTORY`. Imported (and
 * exported) by `InfrastructureModule`, so every service app and the standalone have exactly one;
 * the store, bus and clock come from it.
 */
@Module({})
export class ApiTokensModule {
  static forService(service: ServiceDefinition): DynamicModule {
    return {
      module: ApiTokensModule,
      providers: [
        {
          provide: ApiTokensProjection,
          inject: [EVENT_STORE, MESSAGE_BUS, CLOCK],
          useFactory: (store: EventStore, bus: MessageBus, clock: Clock) => new ApiTokensProjection(store, bus, clock, service.name),
        },
        { provide: API_TOKEN_DIRECTORY, useExisting: ApiTokensProjection },
      ],
      exports: [ApiTokensProjection, API_TOKEN_DIRECTORY],
    };
  }
}
