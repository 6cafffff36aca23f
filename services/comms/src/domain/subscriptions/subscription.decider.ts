import { CommandContext, Decider, DomainError, EventEnvelope, NotFoundError, assertNever, metadataOf } from '@linchpin/eventsourcing';
import { DEFAULT_PREFERENCES, PHASES, SUBSCRIBABLE_AUDIENCES, Subscription, SubscriptionChannel, SubscriptionFilter, SubscriptionPreferences } from './subscription';

/*
 * Private to comms: a subscription holds its signing secret and its address, so its stream
 * (`subscription-<id>`) is never relayed and these events are not in the published catalogue.
 */
export const SUBSCRIPTION_CREATED = 'SubscriptionCreated';
export const SUBSCRIPTION_CHANGED = 'SubscriptionChanged';
export const SUBSCRIPTION_CANCELLED = 'SubscriptionCancelled';

/** v1, before channels and filters: a signed webhook for one incident or for all. */
export interface SubscriptionCreatedDataV1 {
  subscriptionId: string;
  webhookUrl: string;
  secret: string;
  incidentId?: string;
}

/** v2 (issue 15): a channel and its address, what the subscriber wants to hear of, and how. */
export interface SubscriptionCreatedData {
  subscriptionId: string;
  channel: SubscriptionChannel;
  /** An http(s) URL (webhook, slack, teams) or an email address. */
  address: string;
  /** Signs what goes to an HTTP channel; none: the deployment's comms key signs it (Slack and Teams do not check). */
  secret?: string;
  /** The person subscribed, when a person rather than a system. */
  personId?: string;
  filter: SubscriptionFilter;
  preferences: SubscriptionPreferences;
}

export interface SubscriptionChangedData {
  subscriptionId: string;
  filter: SubscriptionFilter;
  preferences: SubscriptionPreferences;
}

export interface SubscriptionCancelledData {
  subscriptionId: string;
  /** `link`: by the signed unsubscribe link a message carried; `api`: by a credential. */
  via: 'link' | 'api';
}

export type SubscriptionCreatedEvent = EventEnvelope<typeof SUBSCRIPTION_CREATED, SubscriptionCreatedData | SubscriptionCreatedDataV1>;
export type SubscriptionChangedEvent = EventEnvelope<typeof SUBSCRIPTION_CHANGED, SubscriptionChangedData>;
export type SubscriptionCancelledEvent = EventEnvelope<typeof SUBSCRIPTION_CANCELLED, SubscriptionCancelledData>;
export type SubscriptionEvent = SubscriptionCreatedEvent | SubscriptionChangedEvent | SubscriptionCancelledEvent;

/** The upcaster of a private event, kept beside it: a v1 subscription is a webhook with no filter but its incident, hearing everything. */
export function subscriptionCreatedData(event: SubscriptionCreatedEvent): SubscriptionCreatedData {
  if (event.schemaVersion >= 2) return event.data as SubscriptionCreatedData;
  const v1 = event.data as SubscriptionCreatedDataV1;
  return {
    subscriptionId: v1.subscriptionId,
    channel: 'webhook',
    address: v1.webhookUrl,
    secret: v1.secret,
    filter: v1.incidentId ? { incidentId: v1.incidentId } : {},
    preferences: DEFAULT_PREFERENCES,
  };
}

export interface CreateSubscription {
  type: 'CreateSubscription';
  eventId: string;
  subscriptionId: string;
  channel: SubscriptionChannel;
  address: string;
  secret?: string;
  personId?: string;
  filter: SubscriptionFilter;
  preferences?: Partial<SubscriptionPreferences>;
  context: CommandContext;
}

/** Changes what a subscription hears: a part given replaces that part; one not given stays. */
export interface ChangeSubscription {
  type: 'ChangeSubscription';
  eventId: string;
  subscriptionId: string;
  filter?: SubscriptionFilter;
  preferences?: Partial<SubscriptionPreferences>;
  context: CommandContext;
}

export interface CancelSubscription {
  type: 'CancelSubscription';
  eventId: string;
  subscriptionId: string;
  via: 'link' | 'api';
  context: CommandContext;
}

export type SubscriptionCommand = CreateSubscription | ChangeSubscription | CancelSubscription;

export type SubscriptionState = { status: 'none' } | ({ status: 'active' | 'cancelled' } & Subscription);

export const MIN_SECRET_LENGTH = 16;

/** Channels whose messages are HTTP requests, signed with `Linchpin-Signature`. */
const SIGNED_CHANNELS: readonly SubscriptionChannel[] = ['webhook', 'slack', 'teams'];

export const subscriptionDecider: Decider<SubscriptionCommand, SubscriptionState, SubscriptionEvent> = {
  initialState: { status: 'none' },
  evolve(state, event) {
    switch (event.type) {
      case SUBSCRIPTION_CREATED: {
        const { subscriptionId, channel, address, secret, personId, filter, preferences } = subscriptionCreatedData(event);
        return { status: 'active', subscriptionId, channel, address, secret: secret ?? null, personId: personId ?? null, filter, preferences };
      }
      case SUBSCRIPTION_CHANGED:
        return state.status === 'none' ? state : { ...state, filter: event.data.filter, preferences: event.data.preferences };
      case SUBSCRIPTION_CANCELLED:
        return state.status === 'none' ? state : { ...state, status: 'cancelled' };
      default:
        return assertNever(event);
    }
  },
  decide(command, state) {
    switch (command.type) {
      case 'CreateSubscription':
        return create(command, state);
      case 'ChangeSubscription':
        return change(command, state);
      case 'CancelSubscription':
        return cancel(command, state);
      default:
        return assertNever(command);
    }
  },
};

function create(command: CreateSubscription, state: SubscriptionState): SubscriptionEvent[] {
  if (state.status !== 'none') throw new DomainError('subscription_exists', `subscription ${state.subscriptionId} already exists`);
  const { channel, secret } = command;
  if (secret !== undefined && !SIGNED_CHANNELS.includes(channel)) {
    throw new DomainError('secret_not_used', `a ${channel} subscription is not signed: send no secret`, 'secret');
  }
  if (channel === 'webhook' && secret === undefined) {
    throw new DomainError('secret_required', 'a webhook subscription needs the secret its receiver verifies Linchpin-Signature with', 'secret');
  }
  if (secret !== undefined && secret.length < MIN_SECRET_LENGTH) {
    throw new DomainError('secret_too_short', `secret must be at least ${MIN_SECRET_LENGTH} characters`, 'secret');
  }
  const data: SubscriptionCreatedData = {
    subscriptionId: command.subscriptionId,
    channel,
    address: command.address,
    ...(secret !== undefined ? { secret } : {}),
    ...(command.personId !== undefined ? { personId: command.personId } : {}),
    filter: command.filter,
    preferences: preferencesOf(DEFAULT_PREFERENCES, command.preferences),
  };
  return [{ id: command.eventId, type: SUBSCRIPTION_CREATED, schemaVersion: 2, data, metadata: metadataOf(command.context, command.filter.incidentId) }];
}

function change(command: ChangeSubscription, state: SubscriptionState): SubscriptionEvent[] {
  const current = live(command.subscriptionId, state);
  const filter = command.filter ?? current.filter;
  const preferences = preferencesOf(current.preferences, command.preferences);
  if (JSON.stringify([filter, preferences]) === JSON.stringify([current.filter, current.preferences])) return [];
  const data: SubscriptionChangedData = { subscriptionId: current.subscriptionId, filter, preferences };
  return [{ id: command.eventId, type: SUBSCRIPTION_CHANGED, schemaVersion: 1, data, metadata: metadataOf(command.context, filter.incidentId) }];
}

/** Cancelling twice (a link followed twice, a retried DELETE) is done already: nothing more is recorded. */
function cancel(command: CancelSubscription, state: SubscriptionState): SubscriptionEvent[] {
  if (state.status === 'none') throw new NotFoundError('subscription', command.subscriptionId);
  if (state.status === 'cancelled') return [];
  const data: SubscriptionCancelledData = { subscriptionId: state.subscriptionId, via: command.via };
  return [{ id: command.eventId, type: SUBSCRIPTION_CANCELLED, schemaVersion: 1, data, metadata: metadataOf(command.context, state.filter.incidentId) }];
}

/** A cancelled subscription is gone, as DELETE said: a 404 that says so. */
export class SubscriptionCancelledError extends NotFoundError {
  constructor(subscriptionId: string) {
    super('subscription', subscriptionId);
    this.message = `subscription ${subscriptionId} was cancelled: create a new one`;
  }
}

function live(subscriptionId: string, state: SubscriptionState): Subscription {
  if (state.status === 'none') throw new NotFoundError('subscription', subscriptionId);
  if (state.status === 'cancelled') throw new SubscriptionCancelledError(subscriptionId);
  return state;
}

function preferencesOf(current: SubscriptionPreferences, given: Partial<SubscriptionPreferences> | undefined): SubscriptionPreferences {
  const next = { ...current, ...given };
  if (next.audiences.length === 0) throw new DomainError('no_audience', 'a subscription hears at least one audience (internal, public)', 'audiences');
  if (next.phases.length === 0) throw new DomainError('no_phase', 'a subscription hears at least one phase', 'phases');
  // One order (the lists' own), so an equal change is recognised as no change.
  return { audiences: SUBSCRIBABLE_AUDIENCES.filter((a) => next.audiences.includes(a)), phases: PHASES.filter((p) => next.phases.includes(p)) };
}
