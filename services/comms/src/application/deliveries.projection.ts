import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, EventStore, ProjectionFeed } from '@linchpin/eventsourcing';
import { DeliveryRecord, evolveDeliveryRecords } from '../domain/delivery-view';
import { DELIVERY_REQUEST_PREFIX, DELIVERY_STREAM_PREFIX } from '../domain/streams';

/**
 * Every delivery as a person looks for it: by its id (the `Linchpin-Delivery` header) or by the
 * page it carries (`pageId`), with its state and every attempt. Folded from the request and outcome
 * streams; it catches up before each read, so what was just recorded is seen.
 */
@Injectable()
export class DeliveriesProjection {
  private readonly byId = new Map<string, DeliveryRecord>();
  /** pageId → its deliveries, oldest first (a page is one delivery; a v1 page and its successor may be two). */
  private readonly byPage = new Map<string, string[]>();
  private readonly feed: ProjectionFeed;

  constructor(@Inject(EVENT_STORE) store: EventStore) {
    this.feed = new ProjectionFeed(store, [DELIVERY_REQUEST_PREFIX, DELIVERY_STREAM_PREFIX], (event) => {
      const known = this.byId.has((event.data as { deliveryId?: string }).deliveryId ?? '');
      const record = evolveDeliveryRecords(this.byId, event);
      if (record && !known && record.kind === 'page') this.byPage.set(record.subjectId, [...(this.byPage.get(record.subjectId) ?? []), record.deliveryId]);
    });
  }

  /** The delivery with this id, else the latest delivery of the page with this id. */
  async find(id: string): Promise<DeliveryRecord | undefined> {
    await this.feed.current();
    const direct = this.byId.get(id);
    if (direct) return direct;
    const ofPage = this.byPage.get(id);
    return ofPage ? this.byId.get(ofPage[ofPage.length - 1]) : undefined;
  }

  /** Deliveries that failed for good, most recent failure first. */
  async failed(): Promise<DeliveryRecord[]> {
    await this.feed.current();
    return [...this.byId.values()].filter((r) => r.state === 'failed').sort((a, b) => (b.outcome?.recordedAt ?? '').localeCompare(a.outcome?.recordedAt ?? ''));
  }
}
