import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { CLOCK, Clock, DueTimer, EVENT_STORE, EventStore, TimerDriver } from '@linchpin/eventsourcing';
import { COMMS_SETTINGS, CommsSettings } from '../comms.settings';
import { DELIVERY_REQUEST_PREFIX, deliveryRequests } from '../domain/streams';
import { missingContactReason, resolveAwaitingPage } from './page-contacts';

/**
 * Bounds a page's wait for its contact, on the kernel's durable timers (`TimerScheduled` in the
 * page's `deliveryRequest-` stream): when the deadline passes, the page is resolved if the contact
 * came meanwhile, else its delivery is requested as undeliverable with the reason, and the
 * dispatcher records NotificationFailed at once (coordination then records PageFailed). A wait
 * pending at a crash fires after the restart, once.
 */
@Injectable()
export class ContactWaitTimers implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(ContactWaitTimers.name);
  private readonly driver: TimerDriver;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(COMMS_SETTINGS) private readonly settings: CommsSettings,
  ) {
    this.driver = new TimerDriver({ store, clock, streamPrefixes: [DELIVERY_REQUEST_PREFIX], fire: (timer) => this.fire(timer), logger: this.logger });
  }

  onApplicationBootstrap(): void {
    this.driver.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.driver.stop();
  }

  private async fire(timer: DueTimer): Promise<void> {
    if (timer.purpose !== 'contact-wait') return;
    const deliveryId = timer.streamId.slice(DELIVERY_REQUEST_PREFIX.length);
    const context = { actor: 'system:comms', causationId: timer.scheduledEventId, occurredAt: this.clock.now().toISOString() };
    if (await resolveAwaitingPage(this.store, deliveryId, context)) return;
    const { personId, contactMethodId } = (timer.details ?? {}) as { personId: string; contactMethodId: string };
    const reason = await missingContactReason(this.store, personId, contactMethodId, this.settings.contactWaitSeconds);
    const { events } = await deliveryRequests.handle(this.store, { type: 'FireContactTimer', deliveryId, timerId: timer.timerId, dueAt: timer.dueAt, reason, context });
    if (events.length > 0) this.logger.warn(`page delivery ${deliveryId} fails: ${reason}`);
  }
}
