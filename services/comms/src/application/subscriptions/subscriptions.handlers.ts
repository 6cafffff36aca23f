import { CommandHandler, ICommandHandler, IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Inject } from '@nestjs/common';
import { CLOCK, Clock, EVENT_STORE, EventStore, NotFoundError, newId } from '@linchpin/eventsourcing';
import { assertTeamScope, invalidCursor, isTeamScoped, RequestContext, SignedLinks, StoreCommandHandler, redactUrl } from '@linchpin/platform';
import { subscriptions } from '../../domain/streams';
import { Subscription, SubscriptionFilter } from '../../domain/subscriptions/subscription';
import { SubscriptionCancelledError, SubscriptionState } from '../../domain/subscriptions/subscription.decider';
import { isSameTeam } from '../../domain/incident-team';
import { SubscriptionsProjection } from '../subscriptions.projection';
import {
  CancelSubscriptionCommand,
  ChangeSubscriptionCommand,
  CreateSubscriptionCommand,
  GetSubscriptionQuery,
  ListSubscriptionsQuery,
  PreviewUnsubscribeLinkQuery,
  SubscriptionChanges,
  SubscriptionView,
  UnsubscribeByLinkCommand,
  UnsubscribeLinkPreview,
} from './subscriptions.commands';
import { hearsInWords } from './hears-in-words';

/** Recorded as the cancellation's metadata.onBehalfOf when a message's link cancelled it. */
export const UNSUBSCRIBED_BY_LINK = 'unsubscribe link';

/*
 * Issue 14, team scoping, for subscriptions: a principal held to its team subscribes to its team's incidents only
 * (the team filter is set to its team when left out, refused for another team) and changes or cancels only those.
 */
function filterInScope(request: RequestContext, filter: SubscriptionFilter): SubscriptionFilter {
  const { principal } = request;
  if (!principal || !isTeamScoped(principal)) return filter;
  if (filter.team === undefined) return { ...filter, team: principal.team! };
  assertTeamScope(principal, filter.team, isSameTeam);
  return filter;
}

function assertSubscriptionInScope(request: RequestContext, subscription: Subscription): void {
  if (request.principal) assertTeamScope(request.principal, subscription.filter.team ?? null, isSameTeam);
}

type Known = Subscription & { status: 'active' | 'cancelled' };

const known = (subscriptionId: string, state: SubscriptionState | undefined): Known => {
  if (!state || state.status === 'none') throw new NotFoundError('subscription', subscriptionId);
  return state;
};

export function subscriptionViewOf(subscription: Known): SubscriptionView {
  const { subscriptionId, status, channel, address, personId, filter, preferences } = subscription;
  return {
    subscriptionId,
    status,
    channel,
    // Stored as given (deliveries need it); shown without its credentials.
    webhookUrl: channel === 'email' ? null : redactUrl(address),
    email: channel === 'email' ? address : null,
    personId,
    incidentId: filter.incidentId ?? null,
    service: filter.service ?? null,
    team: filter.team ?? null,
    minPriority: filter.minPriority ?? null,
    audiences: preferences.audiences,
    phases: preferences.phases,
  };
}

@CommandHandler(CreateSubscriptionCommand)
export class CreateSubscriptionHandler extends StoreCommandHandler implements ICommandHandler<CreateSubscriptionCommand> {
  constructor(@Inject(EVENT_STORE) store: EventStore, @Inject(CLOCK) clock: Clock, private readonly links: SignedLinks) {
    super(store, clock);
  }

  async execute(command: CreateSubscriptionCommand): Promise<{ subscriptionId: string; unsubscribeUrl: string }> {
    const { channel, address, secret, personId, incidentId, service, team, minPriority, audiences, phases, request } = command;
    const filter = filterInScope(request, { ...defined({ incidentId, service, team, minPriority }) });
    const subscriptionId = newId();
    await subscriptions.handle(this.store, {
      type: 'CreateSubscription',
      eventId: newId(),
      subscriptionId,
      channel,
      address,
      ...defined({ secret, personId }),
      filter,
      preferences: defined({ audiences, phases }),
      context: this.contextOf(request),
    });
    return { subscriptionId, unsubscribeUrl: this.links.unsubscribeUrl(subscriptionId, this.clock.now()) };
  }
}

@CommandHandler(ChangeSubscriptionCommand)
export class ChangeSubscriptionHandler extends StoreCommandHandler implements ICommandHandler<ChangeSubscriptionCommand> {
  async execute({ subscriptionId, changes, request }: ChangeSubscriptionCommand): Promise<SubscriptionView> {
    const current = known(subscriptionId, await subscriptions.load(this.store, { subscriptionId }));
    assertSubscriptionInScope(request, current);
    const filter = filterInScope(request, filterAfter(current.filter, changes));
    const { state } = await subscriptions.handle(this.store, {
      type: 'ChangeSubscription',
      eventId: newId(),
      subscriptionId,
      filter,
      preferences: defined({ audiences: changes.audiences, phases: changes.phases }),
      context: this.contextOf(request),
    });
    return subscriptionViewOf(known(subscriptionId, state));
  }
}

@CommandHandler(CancelSubscriptionCommand)
export class CancelSubscriptionHandler extends StoreCommandHandler implements ICommandHandler<CancelSubscriptionCommand> {
  async execute({ subscriptionId, request }: CancelSubscriptionCommand): Promise<void> {
    assertSubscriptionInScope(request, known(subscriptionId, await subscriptions.load(this.store, { subscriptionId })));
    await subscriptions.handle(this.store, { type: 'CancelSubscription', eventId: newId(), subscriptionId, via: 'api', context: this.contextOf(request) });
  }
}

@CommandHandler(UnsubscribeByLinkCommand)
export class UnsubscribeByLinkHandler extends StoreCommandHandler implements ICommandHandler<UnsubscribeByLinkCommand> {
  async execute({ link, request }: UnsubscribeByLinkCommand): Promise<{ subscriptionId: string; status: 'cancelled'; changed: boolean }> {
    const { subscriptionId } = link;
    const { events } = await subscriptions.handle(this.store, { type: 'CancelSubscription', eventId: newId(), subscriptionId, via: 'link', context: this.contextOf(request) });
    return { subscriptionId, status: 'cancelled', changed: events.length > 0 };
  }
}

@QueryHandler(GetSubscriptionQuery)
export class GetSubscriptionHandler implements IQueryHandler<GetSubscriptionQuery> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ subscriptionId }: GetSubscriptionQuery): Promise<SubscriptionView> {
    const subscription = known(subscriptionId, await subscriptions.load(this.store, { subscriptionId }));
    if (subscription.status === 'cancelled') throw new SubscriptionCancelledError(subscriptionId);
    return subscriptionViewOf(subscription);
  }
}

@QueryHandler(ListSubscriptionsQuery)
export class ListSubscriptionsHandler implements IQueryHandler<ListSubscriptionsQuery> {
  constructor(private readonly projection: SubscriptionsProjection) {}

  /** The subscriptions in force, oldest first; the cursor is the last id of the page before. */
  async execute({ limit, cursor, personId }: ListSubscriptionsQuery): Promise<{ items: SubscriptionView[]; nextCursor: string | null }> {
    const all = (await this.projection.active()).filter((s) => personId === undefined || s.personId === personId);
    const start = cursor === undefined ? 0 : all.findIndex((s) => s.subscriptionId === cursor) + 1;
    if (start === 0 && cursor !== undefined) throw invalidCursor();
    const page = all.slice(start, start + limit);
    const more = start + limit < all.length;
    return { items: page.map((s) => subscriptionViewOf({ ...s, status: 'active' })), nextCursor: more ? page[page.length - 1].subscriptionId : null };
  }
}

@QueryHandler(PreviewUnsubscribeLinkQuery)
export class PreviewUnsubscribeLinkHandler implements IQueryHandler<PreviewUnsubscribeLinkQuery> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ link }: PreviewUnsubscribeLinkQuery): Promise<UnsubscribeLinkPreview> {
    const subscription = known(link.subscriptionId, await subscriptions.load(this.store, link));
    return {
      subscriptionId: subscription.subscriptionId,
      status: subscription.status,
      channel: subscription.channel,
      hears: hearsInWords(subscription),
      wouldCancel: subscription.status === 'active',
      expiresAt: link.expiresAt.toISOString(),
    };
  }
}

function filterAfter(current: SubscriptionFilter, changes: SubscriptionChanges): SubscriptionFilter {
  const next: Record<string, unknown> = { ...current };
  for (const key of ['incidentId', 'service', 'team', 'minPriority'] as const) {
    if (changes[key] === null) delete next[key];
    else if (changes[key] !== undefined) next[key] = changes[key];
  }
  return next as SubscriptionFilter;
}

/** The fields that were given: an absent one is no key at all, as the events store it. */
function defined<T extends object>(fields: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> };
}
