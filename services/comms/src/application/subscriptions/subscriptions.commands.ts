import { Query } from '@nestjs/cqrs';
import { commandWith, RequestContext, UnsubscribeLink } from '@linchpin/platform';
import { Priority, SubscribableAudience, SubscriptionChannel } from '../../domain/subscriptions/subscription';
import { UpdateStatus } from '../../domain/status-update.decider';

/** What a subscriber asks for: the channel and its address, what to hear of, and how. */
export interface SubscriptionRequest {
  channel: SubscriptionChannel;
  address: string;
  secret?: string;
  personId?: string;
  incidentId?: string;
  service?: string;
  team?: string;
  minPriority?: Priority;
  audiences?: SubscribableAudience[];
  phases?: UpdateStatus[];
}

export class CreateSubscriptionCommand extends commandWith<SubscriptionRequest & { request: RequestContext }, { subscriptionId: string; unsubscribeUrl: string }>() {}

/** A filter given replaces it, null clears it, undefined leaves it; preferences given replace theirs. */
export interface SubscriptionChanges {
  incidentId?: string | null;
  service?: string | null;
  team?: string | null;
  minPriority?: Priority | null;
  audiences?: SubscribableAudience[];
  phases?: UpdateStatus[];
}

export class ChangeSubscriptionCommand extends commandWith<{ subscriptionId: string; changes: SubscriptionChanges; request: RequestContext }, SubscriptionView>() {}

export class CancelSubscriptionCommand extends commandWith<{ subscriptionId: string; request: RequestContext }, void>() {}

export class UnsubscribeByLinkCommand extends commandWith<{ link: UnsubscribeLink; request: RequestContext }, { subscriptionId: string; status: 'cancelled'; changed: boolean }>() {}

export interface SubscriptionView {
  subscriptionId: string;
  status: 'active' | 'cancelled';
  channel: SubscriptionChannel;
  webhookUrl: string | null;
  email: string | null;
  personId: string | null;
  incidentId: string | null;
  service: string | null;
  team: string | null;
  minPriority: Priority | null;
  audiences: SubscribableAudience[];
  phases: UpdateStatus[];
}

export class GetSubscriptionQuery extends Query<SubscriptionView> {
  constructor(readonly subscriptionId: string) {
    super();
  }
}

export class ListSubscriptionsQuery extends Query<{ items: SubscriptionView[]; nextCursor: string | null }> {
  constructor(
    readonly limit: number,
    readonly cursor?: string,
    readonly personId?: string,
  ) {
    super();
  }
}

export interface UnsubscribeLinkPreview {
  subscriptionId: string;
  status: 'active' | 'cancelled';
  channel: SubscriptionChannel;
  hears: string;
  wouldCancel: boolean;
  expiresAt: string;
}

export class PreviewUnsubscribeLinkQuery extends Query<UnsubscribeLinkPreview> {
  constructor(readonly link: UnsubscribeLink) {
    super();
  }
}
