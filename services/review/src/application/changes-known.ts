import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, EventStore } from '@linchpin/eventsourcing';
import { upcast } from '@linchpin/contracts';
import { CHANGES_SETTINGS, ChangesSettings } from '../changes.settings';
import { CatalogRecord, ReviewCatalogNoted, dependsOnOf } from '../domain/changes/catalog-copy';
import { ChangesKnown } from '../domain/changes/changes-before';
import { KnownChange, ReviewChangeNoted } from '../domain/changes/known-change';
import { catalogStream, changesStream, serviceKey } from '../domain/streams';

/**
 * Reads from review's own store what `changesBefore` chooses from, for some impacted services: the catalog records of
 * every service they reach through `dependsOn` in any version recorded (the pure function then takes the versions in
 * force at the incident's start), and the changes of each of those services. Only review's streams: in the distributed
 * mode it reads no other service's store.
 */
@Injectable()
export class ChangesKnownReader {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CHANGES_SETTINGS) private readonly settings: ChangesSettings,
  ) {}

  async read(services: readonly string[]): Promise<ChangesKnown> {
    const catalog: CatalogRecord[] = [];
    const reached = new Set<string>();
    let frontier = [...new Set(services.map(serviceKey))];
    while (frontier.length > 0) {
      const next: string[] = [];
      for (const service of frontier) {
        if (reached.has(service)) continue;
        reached.add(service);
        for (const event of await this.store.readStream(catalogStream(service))) {
          if (!ReviewCatalogNoted.is(event)) continue;
          catalog.push(event.data);
          next.push(...(dependsOnOf(event.data) ?? []).map(serviceKey));
        }
      }
      frontier = next.filter((s) => !reached.has(s));
    }
    const changes: KnownChange[] = [];
    for (const service of reached) {
      for (const event of await this.store.readStream(changesStream(service))) {
        const raised = upcast(event);
        if (ReviewChangeNoted.is(raised)) changes.push(raised.data);
      }
    }
    return { catalog, changes, windowHours: this.settings.windowHours };
  }
}
