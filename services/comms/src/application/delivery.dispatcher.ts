import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { CLOCK, Clock, EVENT_STORE, EventStore, Position, RecordedEvent, StoreSubscription } from '@linchpin/eventsourcing';
import { SignedLinks } from '@linchpin/platform';
import { Attempt } from '../domain/delivery';
import { DeliveryRequestedEvent, PendingDeliveries, Slots, deliveriesToStart, evolvePending } from '../domain/delivery-request';
import { withAcknowledgeLink } from '../domain/page-channel';
import { COMMS_SETTINGS, CommsSettings } from '../comms.settings';
import { SubscriptionsProjection } from './subscriptions.projection';
import { WebhookSender } from './webhook-sender';
import { DELIVERY_REQUEST_PREFIX, DELIVERY_STREAM_PREFIX, deliveries } from '../domain/streams';

/** After the store failed under a delivery or the feed, try again this much later. */
const RETRY_AFTER_MS = 1000;

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

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(COMMS_SETTINGS) private readonly settings: CommsSettings,
    private readonly sender: WebhookSender,
    private readonly subscriptions: SubscriptionsProjection,
    private readonly links: SignedLinks,
  ) {
    this.slots = { page: settings.pageConcurrency, 'status-update': settings.updateConcurrency };
  }

  onApplicationBootstrap(): void {
    this.follow();
  }

  /** Before the store closes: stop taking work, abort the attempts in flight (they stay pending: the next start sends them). */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping.abort(new Error('comms is stopping'));
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
    if (this.stopping.signal.aborted) return;
    const toStart = deliveriesToStart(this.pending.values(), new Set(this.inFlight.keys()), this.running, this.slots);
    for (const request of toStart) this.start(request);
  }

  private start(request: DeliveryRequestedEvent): void {
    const { deliveryId, kind } = request.data;
    this.running[kind]++;
    const run = this.deliver(request).then(
      () => {
        this.pending.delete(deliveryId);
      },
      (error: unknown) => {
        if (this.stopping.signal.aborted) return;
        // Still pending: the store may be back by then.
        this.logger.error(`${kind} delivery ${deliveryId} could not be recorded; retrying in ${RETRY_AFTER_MS} ms: ${String(error)}`);
        this.pending.delete(deliveryId);
        this.later(() => {
          this.pending.set(deliveryId, request);
          this.pump();
        });
      },
    );
    this.inFlight.set(
      deliveryId,
      run.finally(() => {
        this.inFlight.delete(deliveryId);
        this.running[kind]--;
        this.pump();
      }),
    );
  }

  private async deliver(request: DeliveryRequestedEvent): Promise<void> {
    const { data } = request;
    if ((await deliveries.load(this.store, data)).outcome) return;
    const { deliveryId, incidentId, kind, subjectId, target } = data;
    // Each failed attempt is recorded (and relayed) before the retry: DeliveryAttemptFailed, through the same binding.
    const recordFailure = async (failure: Attempt, attempt: number): Promise<void> => {
      await deliveries.handle(this.store, {
        type: 'RecordAttemptFailure',
        deliveryId,
        incidentId,
        kind,
        subjectId,
        attempt,
        failure,
        context: { actor: 'system:comms', causationId: request.metadata.causationId, occurredAt: this.clock.now().toISOString() },
      });
    };
    const secret = await this.secretFor(request);
    let attempts: Attempt[];
    if (data.undeliverable !== undefined || secret === undefined) {
      attempts = [data.undeliverable !== undefined ? { error: data.undeliverable, refused: true } : { error: `subscription ${data.subscriptionId} no longer exists` }];
      await recordFailure(attempts[0], 1);
    } else {
      attempts = await this.sender.send({ url: data.url, secret, deliveryId, kind, body: this.bodyOf(request) }, this.stopping.signal, recordFailure);
    }
    // Another dispatcher that recorded this delivery meanwhile decides it: its outcome stands and nothing is appended.
    const { events } = await deliveries.handle(this.store, {
      type: 'RecordDeliveryOutcome',
      deliveryId,
      incidentId,
      kind,
      subjectId,
      target,
      attempts,
      // Caused by what caused the request (the page or the update), as the request itself is.
      context: { actor: 'system:comms', causationId: request.metadata.causationId, occurredAt: this.clock.now().toISOString() },
    });
    for (const outcome of events) {
      if (outcome.type === 'NotificationFailed') {
        this.logger.warn(`${kind} ${subjectId} to ${target} failed after ${outcome.data.attempts} attempts: ${outcome.data.error}`);
      }
    }
  }

  /**
   * The body as sent: a page gets the paged person's acknowledge link here, never before (a link is
   * a credential, and no event may hold one). Valid from the request's time, so every attempt, and a
   * retry after a restart, sends the same body.
   */
  private bodyOf(request: DeliveryRequestedEvent): Record<string, unknown> {
    const { body, acknowledgeLink, incidentId } = request.data;
    if (!acknowledgeLink) return body;
    const url = this.links.acknowledgeUrl(incidentId, acknowledgeLink.personId, new Date(request.metadata.occurredAt));
    const sent = withAcknowledgeLink(body, acknowledgeLink.channel, url);
    // A webhook page also links to the incident itself, beside the acknowledge link.
    return acknowledgeLink.channel === 'webhook' ? { ...sent, links: { ...(sent.links as object), incident: this.links.incidentUrl(incidentId) } } : sent;
  }

  private async secretFor(request: DeliveryRequestedEvent): Promise<string | undefined> {
    const { subscriptionId } = request.data;
    if (subscriptionId === undefined) return this.settings.signingSecret;
    return (await this.subscriptions.all()).find((s) => s.subscriptionId === subscriptionId)?.secret;
  }

  private later(action: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (!this.stopping.signal.aborted) action();
    }, RETRY_AFTER_MS);
    this.timers.add(timer);
  }
}
