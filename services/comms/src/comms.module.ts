import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { RelayModule } from '@linchpin/platform';
import { DeliveryDispatcher } from './application/delivery.dispatcher';
import { PageMetrics } from './application/page.metrics';
import { PagesAndUpdatesReactor } from './application/pages-and-updates.reactor';
import { CoordinationIncidentsReactor } from './application/coordination-incidents.reactor';
import { ContactsReactor } from './application/contacts.reactor';
import { AwaitingPages } from './application/contact-directory';
import { ContactWaitTimers } from './application/contact-wait.timers';
import { DeliveryRetryTimers } from './application/delivery-retry.timers';
import { ListDeadLettersHandler, RetryDeliveryHandler } from './application/dead-letters';
import { GetDeliveryHandler, ListStatusUpdatesHandler, PostStatusUpdateHandler } from './application/handlers';
import {
  CancelSubscriptionHandler,
  ChangeSubscriptionHandler,
  CreateSubscriptionHandler,
  GetSubscriptionHandler,
  ListSubscriptionsHandler,
  PreviewUnsubscribeLinkHandler,
  UnsubscribeByLinkHandler,
} from './application/subscriptions/subscriptions.handlers';
import { SubscriptionsController } from './http/subscriptions/subscriptions.controller';
import { UnsubscribeLinksController } from './http/subscriptions/unsubscribe-links.controller';
import { SubscriptionsProjection } from './application/subscriptions.projection';
import { DeliveriesProjection } from './application/deliveries.projection';
import { PagedResponders } from './application/paged-responders.projection';
import { ChannelRegistry } from './channels/channel-registry';
import { CommsController } from './http/comms.controller';
import { COMMS_STREAM_PREFIX, DELIVERY_STREAM_PREFIX, UPDATE_OVERDUE_STREAM_PREFIX } from './domain/streams';
import { StatusPageReactor } from './application/status-page/status-page.reactor';
import { StatusPageProjection } from './application/status-page/status-page.projection';
import { GetStatusPageHandler } from './application/status-page/status-page.query';
import { StatusPageController } from './http/status-page/status-page.controller';
import { UpdateCadenceController } from './http/cadence/update-cadence.controller';
import { UpdateCadenceReactor } from './application/cadence/update-cadence.reactor';
import { UpdateCadenceTimers } from './application/cadence/update-cadence.timers';
import { ActionItemRemindersReactor } from './application/action-item-reminders.reactor';
import { GetIncidentCadenceHandler, GetUpdateCadenceHandler, ListUpdateCadenceVersionsHandler, VersionUpdateCadenceHandler } from './application/cadence/update-cadence.handlers';
import { UpdateTemplatesController } from './http/update-templates.controller';
import { GetUpdateTemplatesHandler, ListUpdateTemplateVersionsHandler, VersionUpdateTemplatesHandler } from './application/update-templates.handlers';

/**
 * Comms: owns `comms-`, `delivery-` and the private `subscription-`, `deliveryRequest-`, `commsIncident-` and `commsContact-` streams.
 * Only the first two are relayed: subscription streams hold secrets, and which incidents comms
 * knows is its own bookkeeping. Its settings (COMMS_*) come from the platform's config: the
 * ServiceDefinition hosting this module lists `commsSettings` (COMMS_SERVICE, the standalone's).
 */
@Module({
  imports: [CqrsModule, RelayModule.forFeature({ context: 'comms', streamPrefixes: [COMMS_STREAM_PREFIX, DELIVERY_STREAM_PREFIX, UPDATE_OVERDUE_STREAM_PREFIX] })],
  controllers: [CommsController, SubscriptionsController, UnsubscribeLinksController, StatusPageController, UpdateCadenceController, UpdateTemplatesController],
  providers: [
    // Subscriptions (issue 15)
    CreateSubscriptionHandler,
    ChangeSubscriptionHandler,
    CancelSubscriptionHandler,
    UnsubscribeByLinkHandler,
    GetSubscriptionHandler,
    ListSubscriptionsHandler,
    PreviewUnsubscribeLinkHandler,
    PostStatusUpdateHandler,
    ListStatusUpdatesHandler,
    GetDeliveryHandler,
    ListDeadLettersHandler,
    RetryDeliveryHandler,
    SubscriptionsProjection,
    DeliveriesProjection,
    PagedResponders,
    ChannelRegistry,
    PagesAndUpdatesReactor,
    DeliveryDispatcher,
    PageMetrics,
    CoordinationIncidentsReactor,
    AwaitingPages,
    ContactsReactor,
    ContactWaitTimers,
    DeliveryRetryTimers,
    // The public status page (issue 15)
    StatusPageReactor,
    StatusPageProjection,
    GetStatusPageHandler,
    // The update cadence (issue 15)
    VersionUpdateCadenceHandler,
    GetUpdateCadenceHandler,
    ListUpdateCadenceVersionsHandler,
    GetIncidentCadenceHandler,
    UpdateCadenceReactor,
    UpdateCadenceTimers,
    ActionItemRemindersReactor,
    // Status update templates (issue 15)
    VersionUpdateTemplatesHandler,
    GetUpdateTemplatesHandler,
    ListUpdateTemplateVersionsHandler,
  ],
})
export class CommsModule {}
