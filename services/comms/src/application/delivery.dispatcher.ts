import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { CLOCK, Clock, EVENT_STORE, EventStore, LeaseKeeper, Position, RecordedEvent, StoreSubscription } from '@linchpin/eventsourcing';
import { inSpanOf, withLogContext } from '@linchpin/platform';
import { Attempt, isSuccess, nextAttemptOf } from '../domain/delivery';
import { DeliveryRequestedEvent, PendingDeliveries, PendingDelivery, Slots, deliveriesToStart, evolvePending, poolOf } from '../domain/delivery-request';
import { nextAttemptAt as nextAttemptAtOf } from '../domain/retry-schedule';
import { ChannelRegistry } from '../channels/channel-registry';
import { COMMS_SETTINGS, CommsSettings } from '../comms.settings';
import { SubscriptionsProjection } from './subscriptions.projection';
import { PageMetrics } from './page.metrics';
import { DELIVERY_REQUEST_PREFIX, DELIVERY_STREAM_PREFIX, deliveries } from '../domain/streams';

/** After the store failed under a delivery or the feed, try again this much later. */
const RETRY_AFTER_MS = 1000;
/** How soon another replica takes the sending over when the one sending dies. */
const LEASE_CHECK_MS = 1000;

/**
 * Sends every requested delivery that has no outcome yet, and records NotificationDelivered or
 * NotificationFailed in `delivery-<id>`. Its read model of pending deliveries is folded from the
 * store (`deliveryRequest-` and `delivery-` streams) from the start of the log at every start, so
 * whatever was pending when the process stopped is sent after restart, with the same id; it is
 * then fed live as the reactor records requests.
 *
 * Deliveries run concurrently in two bounded pools, one for pages and one for status updates,
 * each attempt bounded by its timeout: a receiver that hangs holds one slot, never the consumer
 * nor the other deliveries, and no number of updates can hold back a page.
 *
 * Replicas of comms on one store all follow the requests, but only the holder of the store's lease
 * `dispatcher:comms` sends: two senders would both find a delivery due and page twice. When the
 * holder dies another replica takes the lease over and sends what is still pending; an attempt the
 * dead one had in flight is sent once more, with the same delivery id (the receiver's idempotency key).
 */
@Injectable()
export class DeliveryDispatcher implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(DeliveryDispatcher.name);
  private readonly pending: PendingDeliveries = new Map();
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly running: Slots = { page: 0, 'status-update': 0 };
  private readonly slots: Slots;
  private readonly stopping = new AbortController();
  private readonly timers = new Set<NodeJS.Timeout>();
  private feed?: StoreSubscription;
  private position: Position | undefined;
  private caughtUp = false;
  private readonly lease: LeaseKeeper;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(COMMS_SETTINGS) private readonly settings: CommsSettings,
    private readonly subscriptions: SubscriptionsProjection,
    private readonly channels: ChannelRegistry,
    private readonly pageMetrics: PageMetrics,
  ) {
    this.slots = { page: settings.pageConcurrency, 'status-update': settings.updateConcurrency };
    this.lease = new LeaseKeeper({
      store,
      name: 'dispatcher:comms',
      checkEveryMs: LEASE_CHECK_MS,
      onTaken: () => this.pump(),
      onError: (error) => this.logger.error(`could not check the sending lease; sending paused until it can: ${String(error)}`),
    });
  }

  onApplicationBootstrap(): void {
    this.follow();
    this.lease.start();
  }

  /** Before the store closes: stop taking work, abort the attempts in flight (they stay pending: the next start sends them). */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping.abort(new Error('comms is stopping'));
    this.lease.stop();
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    await this.feed?.stop();
    await Promise.all(this.inFlight.values());
  }

  private follow(): void {
    if (this.stopping.signal.aborted) return;
    const feed = this.store.subscribeAll(
      {
        after: this.position,
        filter: { streamPrefixes: [DELIVERY_REQUEST_PREFIX, DELIVERY_STREAM_PREFIX] },
        onError: (error) => {
          this.logger.error(`the feed of delivery requests failed; following again in ${RETRY_AFTER_MS} ms: ${String(error)}`);
          this.later(() => this.follow());
        },
      },
      (event) => this.apply(event),
    );
    this.feed = feed;
    // Send nothing before the catch-up has folded the outcomes too: a request settled before the restart stays settled.
    void feed.caughtUp.then(() => {
      this.caughtUp = true;
      this.pump();
    });
  }

  private apply(event: RecordedEvent): void {
    evolvePending(this.pending, event);
    this.position = event.position;
    if (this.caughtUp) this.pump();
  }

  private pump(): void {
    if (this.stopping.signal.aborted || !this.caughtUp || !this.lease.held) return;
    const toStart = deliveriesToStart(this.pending.values(), new Set(this.inFlight.keys()), this.running, this.slots);
    for (const entry of toStart) this.start(entry);
  }

  private start(entry: PendingDelivery): void {
    const { request, round, attempt } = entry;
    const { deliveryId, kind } = request.data;
    this.running[poolOf(kind)]++;
    const run = this.traced(entry).then(
      (next) => {
        this.pageMetrics.recorded(request, next);
        // Recorded: move on now rather than wait for the feed to fold it (the feed agrees when it does).
        if (entry.round !== round || entry.attempt !== attempt) return;
        if (next === 'delivered') this.pending.delete(deliveryId);
        else if (next === 'failed') entry.status = 'failed';
        else if (next === 'waiting') Object.assign(entry, { attempt: attempt + 1, status: 'waiting' });
        else entry.status = 'waiting'; // stale: the stream is ahead of this model; the feed will say where it is
      },
      (error: unknown) => {
        if (this.stopping.signal.aborted) return;
        // Still due: the store may be back by then.
        this.logger.error(`${kind} delivery ${deliveryId} could not be recorded; retrying in ${RETRY_AFTER_MS} ms: ${String(error)}`);
        entry.status = 'waiting';
        this.later(() => {
          if (entry.status === 'waiting' && entry.attempt === attempt && entry.round === round) entry.status = 'due';
          this.pump();
        });
      },
    );
    this.inFlight.set(
      deliveryId,
      run.finally(() => {
        this.inFlight.delete(deliveryId);
        this.running[poolOf(kind)]--;
        this.pump();
      }),
    );
  }

  /**
   * An attempt with the incident, correlation and delivery ids on its log lines, in a span `deliver <kind>`
   * continuing the trace of what requested it (a page's trace began with the alert): the webhook carries that
   * span's `traceparent`, and the outcome recorded carries it too.
   */
  private traced(entry: PendingDelivery): Promise<'delivered' | 'failed' | 'waiting' | 'stale'> {
    const { request, round, attempt } = entry;
    const { deliveryId, incidentId, kind, channel } = request.data;
    const attributes = {
      'linchpin.delivery.id': deliveryId,
      'linchpin.delivery.kind': kind,
      'linchpin.delivery.channel': channel ?? 'webhook',
      'linchpin.delivery.round': round,
      'linchpin.delivery.attempt': attempt,
      'linchpin.incident.id': incidentId,
    };
    return withLogContext({ incidentId, correlationId: request.metadata.correlationId, deliveryId }, () =>
      inSpanOf(request.metadata, `deliver ${kind}`, { attributes }, async (span) => {
        const outcome = await this.deliver(entry);
        span?.setAttribute('linchpin.delivery.outcome', outcome);
        return outcome;
      }),
    );
  }

  /**
   * ONE attempt of a due delivery, recorded with what follows it in one append: NotificationDelivered; or
   * DeliveryAttemptFailed with the timer of the next attempt (RetryTimers fires it; the feed then makes the
   * delivery due again); or, after the last attempt or a failure retrying cannot mend, DeliveryAttemptFailed
   * with NotificationFailed. The stream is checked first: an attempt already recorded is not made again.
   */
  private async deliver(entry: PendingDelivery): Promise<'delivered' | 'failed' | 'waiting' | 'stale'> {
    const { request, round, attempt } = entry;
    const { data } = request;
    const state = await deliveries.load(this.store, data);
    if (state.round !== round || nextAttemptOf(state) !== attempt) return 'stale';
    const { deliveryId, incidentId, kind, subjectId, target } = data;
    const signing = await this.signingFor(request);
    let result: Attempt;
    if (data.undeliverable !== undefined) result = { error: data.undeliverable, refused: true };
    else if ('refused' in signing) result = { error: signing.refused, refused: true };
    // The request's channel renders its message (links added now, never stored) and sends it.
    else result = await this.channels.attempt(request, signing.secret, this.stopping.signal);
    const failedAt = this.clock.now();
    // Caused by what caused the request (the page or the update), as the request itself is.
    const context = { actor: 'system:comms', causationId: request.metadata.causationId, occurredAt: failedAt.toISOString() };
    const target_ = { deliveryId, incidentId, kind, subjectId, target, round, attempt, context };
    if (isSuccess(result)) {
      const { events } = await deliveries.handle(this.store, { type: 'RecordDelivered', ...target_, result });
      return events.length > 0 ? 'delivered' : 'stale';
    }
    const nextAttemptAt = nextAttemptAtOf(this.settings.retry[kind], attempt, failedAt, Math.random());
    const { events } = await deliveries.handle(this.store, { type: 'RecordAttemptFailure', ...target_, failure: result, nextAttemptAt });
    const outcome = events.find((e) => e.type === 'NotificationFailed');
    if (outcome) {
      this.logger.warn(`${kind} ${subjectId} to ${target} failed after ${attempt} attempts: ${(outcome.data as { error: string }).error}`);
      return 'failed';
    }
    return events.length > 0 ? 'waiting' : 'stale';
  }

  /**
   * The key a message is signed with: the subscription's own secret, else the deployment's comms key. A
   * subscription cancelled after its update was requested gets nothing more: the attempt is refused, once.
   */
  private async signingFor(request: DeliveryRequestedEvent): Promise<{ secret: string } | { refused: string }> {
    const { subscriptionId } = request.data;
    if (subscriptionId === undefined) return { secret: this.settings.signingSecret };
    const subscription = await this.subscriptions.find(subscriptionId);
    if (!subscription || subscription.status === 'none') return { refused: `subscription ${subscriptionId} no longer exists` };
    if (subscription.status === 'cancelled') return { refused: `subscription ${subscriptionId} was cancelled before this was sent` };
    return { secret: subscription.secret ?? this.settings.signingSecret };
  }

  private later(action: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (!this.stopping.signal.aborted) action();
    }, RETRY_AFTER_MS);
    this.timers.add(timer);
  }
}
