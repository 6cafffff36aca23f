import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { RelayModule } from '@linchpin/platform';
import { COMMS_OPTIONS, commsOptionsFromEnv } from './application/comms.options';
import { DeliveryDispatcher } from './application/delivery.dispatcher';
import { DeliveryReactor } from './application/delivery.reactor';
import {
  CreateSubscriptionHandler,
  GetDeliveryHandler,
  GetSubscriptionHandler,
  ListStatusUpdatesHandler,
  PostStatusUpdateHandler,
} from './application/handlers';
import { SubscriptionsProjection } from './application/subscriptions.projection';
import { WebhookSender } from './application/webhook-sender';
import { CommsController } from './http/comms.controller';

/**
 * Comms: owns `comms-`, `delivery-` and the private `subscription-` streams. Only the first two
 * are relayed: subscription streams hold secrets.
 */
@Module({
  imports: [CqrsModule, RelayModule.forFeature({ context: 'comms', streamPrefixes: ['comms-', 'delivery-'] })],
  controllers: [CommsController],
  providers: [
    { provide: COMMS_OPTIONS, useFactory: () => commsOptionsFromEnv() },
    CreateSubscriptionHandler,
    GetSubscriptionHandler,
    PostStatusUpdateHandler,
    ListStatusUpdatesHandler,
    GetDeliveryHandler,
    SubscriptionsProjection,
    WebhookSender,
    DeliveryReactor,
    DeliveryDispatcher,
  ],
})
export class CommsModule {}
