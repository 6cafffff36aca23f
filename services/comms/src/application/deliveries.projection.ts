import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, EventStore, ProjectionFeed } from '@linchpin/eventsourcing';
import { decodeCursor, encodeCursor, isStringKey } from '@linchpin/platform';
import { DeliveryRecord, evolveDeliveryRecords } from '../domain/delivery-view';

/** Newest failure first, ties by id: the order of the dead letters and their cursor. */
const keyOf = (r: DeliveryRecord): string => `${r.outcome?.recordedAt ?? ''}\u0000${r.deliveryId}`;
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

  /** A page of the deliveries failed for good (dead letters), most recent failure first; the cursor is the last one's (time, id). */
  async deadLetters(limit: number, cursor?: string): Promise<{ items: DeliveryRecord[]; nextCursor: string | null }> {
    const failed = (await this.failed()).sort((a, b) => keyOf(b).localeCompare(keyOf(a)));
    const after = cursor === undefined ? undefined : decodeCursor(cursor, isStringKey(2));
    const rest = after ? failed.filter((r) => keyOf(r) < `${after[0]}\u0000${after[1]}`) : failed;
    const items = rest.slice(0, limit);
    const last = items[items.length - 1];
    return { items, nextCursor: rest.length > limit ? encodeCursor([last.outcome!.recordedAt, last.deliveryId]) : null };
  }

  /** Deliveries that failed for good, most recent failure first. */
  async failed(): Promise<DeliveryRecord[]> {
    await this.feed.current();
    return [...this.byId.values()].filter((r) => r.state === 'failed').sort((a, b) => (b.outcome?.recordedAt ?? '').localeCompare(a.outcome?.recordedAt ?? ''));
  }
}
