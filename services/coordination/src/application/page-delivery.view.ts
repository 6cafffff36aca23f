import { Page } from '../domain/response.decider';
import { PageDeliveryState } from '../domain/page-delivery.decider';

/** A page's delivery as comms last reported it; `pending` until comms reports anything. */
export interface PageDeliveryView {
  state: 'pending' | 'retrying' | 'delivered' | 'failed';
  deliveryId: string | null;
  attempts: number;
  statusCode: number | null;
  /** The real cause of the last failure (`connection refused (ECONNREFUSED) to …`), null once delivered. */
  error: string | null;
  /** When comms recorded its last word, null while pending. */
  updatedAt: string | null;
}

export type PageWithDelivery = Page & { delivery: PageDeliveryView };

const PENDING: PageDeliveryView = { state: 'pending', deliveryId: null, attempts: 0, statusCode: null, error: null, updatedAt: null };

export const withDeliveries = (pages: readonly Page[], deliveries: PageDeliveryState): PageWithDelivery[] =>
  pages.map((page) => {
    const note = deliveries.byPage[page.pageId];
    const delivery = note
      ? { state: note.state, deliveryId: note.deliveryId, attempts: note.attempts, statusCode: note.statusCode, error: note.error, updatedAt: note.at }
      : PENDING;
    return { ...page, delivery };
  });
