import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, EventStore, ProjectionFeed } from '@linchpin/eventsourcing';
import { upcast } from '@linchpin/contracts';
import { REVIEW_SETTINGS, ReviewSettings } from '../review.settings';
import { dependsOnOf, ReviewServiceNoted, ServiceVersion } from '../domain/catalog/catalog.decider';
import { ChangesKnown } from '../domain/changes/changes-before';
import { KnownChange, ReviewChangeNoted } from '../domain/changes/known-change';
import { CHANGES_STREAM_PREFIX, REVIEW_SERVICE_STREAM_PREFIX, serviceKey } from '../domain/streams';

function add<T>(index: Map<string, T[]>, key: string, value: T): void {
  const list = index.get(key);
  if (list) list.push(value);
  else index.set(key, [value]);
}

/**
 * What `changesBefore` chooses from, for some impacted services: the versions of every service they reach through
 * `dependsOn` in any version recorded (the pure function then takes the versions in force at the incident's start),
 * and the changes of each of those services. Read from review's own `reviewChanges-` and `reviewService-` (its one
 * copy of the catalog, which analytics reads too) streams only (in the distributed mode review reads no other store), indexed by service in memory: rebuilt from the
 * log at the first read, caught up at each read (read-your-writes), so a timeline read does not re-read a busy
 * service's whole history of changes.
 */
@Injectable()
export class ChangesKnownReader {
  private readonly changes = new Map<string, KnownChange[]>();
  private readonly catalog = new Map<string, ServiceVersion[]>();
  private readonly feed: ProjectionFeed;

  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(REVIEW_SETTINGS) private readonly settings: ReviewSettings,
  ) {
    this.feed = new ProjectionFeed(store, [CHANGES_STREAM_PREFIX, REVIEW_SERVICE_STREAM_PREFIX], (recorded) => {
      const event = upcast(recorded);
      if (ReviewChangeNoted.is(event)) add(this.changes, recorded.streamId.slice(CHANGES_STREAM_PREFIX.length), event.data);
      else if (ReviewServiceNoted.is(event)) add(this.catalog, serviceKey(event.data.name), event.data);
    });
  }

  async read(services: readonly string[]): Promise<ChangesKnown> {
    await this.feed.current();
    const catalog: ServiceVersion[] = [];
    const reached = new Set<string>();
    let frontier = [...new Set(services.map(serviceKey))];
    while (frontier.length > 0) {
      const next: string[] = [];
      for (const service of frontier) {
        if (reached.has(service)) continue;
        reached.add(service);
        for (const version of this.catalog.get(service) ?? []) {
          catalog.push(version);
          next.push(...(dependsOnOf(version) ?? []).map(serviceKey));
        }
      }
      frontier = next.filter((s) => !reached.has(s));
    }
    const changes = [...reached].flatMap((service) => this.changes.get(service) ?? []);
    return { catalog, changes, windowHours: this.settings.changesWindowHours };
  }
}
