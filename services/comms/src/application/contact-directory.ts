import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, EventStore, ProjectionFeed, RecordedEvent } from '@linchpin/eventsourcing';
import { isAwaitingContact, isDeliveryRequested } from '../domain/delivery-request';
import { DELIVERY_REQUEST_PREFIX } from '../domain/streams';

/**
 * The pages waiting for a person's contact, by person: folded from the `deliveryRequest-` streams
 * (DeliveryAwaitingContact adds one, DeliveryRequested settles it), so the person's event, when it
 * comes, finds every page it unblocks, also after a restart.
 */
@Injectable()
export class AwaitingPages {
  private readonly byPerson = new Map<string, Set<string>>();
  private readonly personOf = new Map<string, string>();
  private readonly feed: ProjectionFeed;

  constructor(@Inject(EVENT_STORE) store: EventStore) {
    this.feed = new ProjectionFeed(store, [DELIVERY_REQUEST_PREFIX], (event) => this.apply(event));
  }

  async of(personId: string): Promise<string[]> {
    await this.feed.current();
    return [...(this.byPerson.get(personId) ?? [])];
  }

  private apply(event: RecordedEvent): void {
    if (isAwaitingContact(event)) {
      const { deliveryId, personId } = event.data;
      this.personOf.set(deliveryId, personId);
      this.byPerson.set(personId, (this.byPerson.get(personId) ?? new Set()).add(deliveryId));
    } else if (isDeliveryRequested(event)) {
      const personId = this.personOf.get(event.data.deliveryId);
      if (personId === undefined) return;
      this.personOf.delete(event.data.deliveryId);
      this.byPerson.get(personId)?.delete(event.data.deliveryId);
    }
  }
}
