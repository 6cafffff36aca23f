import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, EventStore, ProjectionFeed } from '@linchpin/eventsourcing';
import { isDeliveryRequested } from '../domain/delivery-request';
import { DELIVERY_REQUEST_PREFIX } from '../domain/streams';

/** A person paged for an incident, on the contact method the page went to. */
export interface PagedResponder {
  /** `person:<personId>/contact:<contactMethodId>`, as the page's delivery named it. */
  target: string;
  url: string;
  channel: string;
  /** The incident's title as the page said it. */
  title: string;
}

/**
 * Who was paged for each incident and where, from the page requests comms recorded (`deliveryRequest-`,
 * rebuilt from the log at every start): so that each of them can be told the incident is resolved, on
 * the method they were paged on. A page that could not be delivered at all (no contact, no channel)
 * names no method and is left out; so are pages recorded before contact methods (v1, by URL).
 */
@Injectable()
export class PagedResponders {
  private readonly byIncident = new Map<string, Map<string, PagedResponder>>();
  private readonly feed: ProjectionFeed;

  constructor(@Inject(EVENT_STORE) store: EventStore) {
    this.feed = new ProjectionFeed(store, [DELIVERY_REQUEST_PREFIX], (event) => {
      if (!isDeliveryRequested(event)) return;
      const d = event.data;
      if (d.kind !== 'page' || d.undeliverable !== undefined || d.channel === undefined || !d.target.startsWith('person:')) return;
      const paged = this.byIncident.get(d.incidentId) ?? new Map<string, PagedResponder>();
      paged.set(d.target, { target: d.target, url: d.url, channel: d.channel, title: String(d.body.title ?? '') });
      this.byIncident.set(d.incidentId, paged);
    });
  }

  /** Each (person, contact method) paged for the incident, once, in the order first paged. */
  async of(incidentId: string): Promise<PagedResponder[]> {
    await this.feed.current();
    return [...(this.byIncident.get(incidentId)?.values() ?? [])];
  }
}
