import { CommandContext, Decider, DomainError, EventEnvelope, assertNever, metadataOf } from '@linchpin/eventsourcing';

/**
 * Private to comms: a subscription holds its signing secret, so its stream (`subscription-<id>`)
 * is never relayed and this event is not in the published catalogue.
 */
export const SUBSCRIPTION_CREATED = 'SubscriptionCreated';
export interface SubscriptionCreatedData {
  subscriptionId: string;
  webhookUrl: string;
  secret: string;
  /** Omitted: the subscription receives updates of every incident. */
  incidentId?: string;
}
export type SubscriptionCreatedEvent = EventEnvelope<typeof SUBSCRIPTION_CREATED, SubscriptionCreatedData>;

export interface Subscription {
  subscriptionId: string;
  webhookUrl: string;
  secret: string;
  incidentId: string | null;
}

export interface CreateSubscription {
  type: 'CreateSubscription';
  eventId: string;
  subscriptionId: string;
  webhookUrl: string;
  secret: string;
  incidentId?: string;
  context: CommandContext;
}

export type SubscriptionState = { status: 'none' } | ({ status: 'active' } & Subscription);

export const MIN_SECRET_LENGTH = 16;

export const subscriptionDecider: Decider<CreateSubscription, SubscriptionState, SubscriptionCreatedEvent> = {
  initialState: { status: 'none' },
  evolve(state, event) {
    if (event.type !== SUBSCRIPTION_CREATED) return state;
    const d = event.data;
    return { status: 'active', subscriptionId: d.subscriptionId, webhookUrl: d.webhookUrl, secret: d.secret, incidentId: d.incidentId ?? null };
  },
  decide(command, state) {
    switch (state.status) {
      case 'active':
        throw new DomainError('subscription_exists', `subscription ${state.subscriptionId} already exists`);
      case 'none':
        break;
      default:
        return assertNever(state);
    }
    if (command.secret.length < MIN_SECRET_LENGTH) {
      throw new DomainError('secret_too_short', `secret must be at least ${MIN_SECRET_LENGTH} characters`, 'secret');
    }
    const data: SubscriptionCreatedData = {
      subscriptionId: command.subscriptionId,
      webhookUrl: command.webhookUrl,
      secret: command.secret,
      ...(command.incidentId ? { incidentId: command.incidentId } : {}),
    };
    return [{ id: command.eventId, type: SUBSCRIPTION_CREATED, schemaVersion: 1, data, metadata: metadataOf(command.context, command.incidentId) }];
  },
};

/** The subscriptions a status update of `incidentId` goes to: those of that incident and those of all incidents. */
export const subscriptionsFor = (incidentId: string, subscriptions: readonly Subscription[]): Subscription[] =>
  subscriptions.filter((s) => s.incidentId === null || s.incidentId === incidentId);

/** What a read may show of a subscription: never its secret. */
export const publicView = ({ subscriptionId, webhookUrl, incidentId }: Subscription) => ({ subscriptionId, webhookUrl, incidentId });
