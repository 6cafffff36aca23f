import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, Clock, DueTimer, EVENT_STORE, EventStore } from '@linchpin/eventsourcing';
import { DurableTimers } from '@linchpin/platform';
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
export class ContactWaitTimers extends DurableTimers {
  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(CLOCK) clock: Clock,
    @Inject(COMMS_SETTINGS) private readonly settings: CommsSettings,
  ) {
    super(store, clock, [DELIVERY_REQUEST_PREFIX], 'system:comms');
  }

  protected async fire(timer: DueTimer): Promise<void> {
    if (timer.purpose !== 'contact-wait') return;
    const deliveryId = timer.streamId.slice(DELIVERY_REQUEST_PREFIX.length);
    const context = this.contextOf(timer);
    if (await resolveAwaitingPage(this.store, deliveryId, context)) return;
    const { personId, contactMethodId } = (timer.details ?? {}) as { personId: string; contactMethodId: string };
    const reason = await missingContactReason(this.store, personId, contactMethodId, this.settings.contactWaitSeconds);
    const { events } = await deliveryRequests.handle(this.store, { type: 'FireContactTimer', deliveryId, timerId: timer.timerId, dueAt: timer.dueAt, reason, context });
    if (events.length > 0) this.logger.warn(`page delivery ${deliveryId} fails: ${reason}`);
  }
}
