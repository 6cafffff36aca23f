import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, EventStore, ProjectionFeed, RecordedEvent } from '@linchpin/eventsourcing';
import { ServiceCatalogEvent, serviceCatalogDecider, ServiceEntry, ServiceState } from '../domain/service-catalog.decider';
import { SERVICE_STREAM_PREFIX } from '../domain/streams';

/**
 * The active services by name, folded from triage's own `service-` streams. Read-your-writes:
 * each read first applies whatever the store holds beyond the last applied event.
 */
@Injectable()
export class ServiceCatalogProjection {
  private readonly states = new Map<string, ServiceState>();
  private readonly active = new Map<string, ServiceEntry>();
  private readonly feed: ProjectionFeed;

  constructor(@Inject(EVENT_STORE) store: EventStore) {
    this.feed = new ProjectionFeed(store, [SERVICE_STREAM_PREFIX], (event) => this.apply(event));
  }

  /** A copy: the caller may keep it while the catalog moves on. Retired services are not in it. */
  async snapshot(): Promise<Map<string, ServiceEntry>> {
    await this.feed.current();
    return new Map(this.active);
  }

  async get(name: string): Promise<ServiceEntry | undefined> {
    await this.feed.current();
    return this.active.get(name);
  }

  /** Sorted by name, code point order (what a cursor over names relies on). */
  async all(): Promise<ServiceEntry[]> {
    await this.feed.current();
    return [...this.active.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  private apply(event: RecordedEvent): void {
    const catalogEvent = event as unknown as ServiceCatalogEvent;
    const name = catalogEvent.data.name;
    const next = serviceCatalogDecider.evolve(this.states.get(name) ?? serviceCatalogDecider.initialState, catalogEvent);
    this.states.set(name, next);
    if (next.status === 'active') this.active.set(name, next.service);
    else this.active.delete(name);
  }
}
