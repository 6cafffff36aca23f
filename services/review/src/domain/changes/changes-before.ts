import { dependsOnOf, ServiceVersion } from '../catalog/catalog.decider';
import { KnownChange, happenedAt } from './known-change';

/** The default window before an incident in which changes are shown (`REVIEW_CHANGES_WINDOW_HOURS`). */
export const DEFAULT_CHANGES_WINDOW_HOURS = 24;

/** What review keeps that the changes are chosen from: its copies of the changes and of the catalog (every version). */
export interface ChangesKnown {
  changes: readonly KnownChange[];
  catalog: readonly ServiceVersion[];
  /** How far before the incident's start a change still counts, in hours. */
  windowHours: number;
}

export interface ChangesBeforeInput extends ChangesKnown {
  /** The incident's impacted services. */
  services: readonly string[];
  /** When the incident started (its detection): the window ends here. */
  incidentStart: string;
  /** Only what review had recorded by then (`?at=`); everything when left out. */
  knownAt?: Date;
}

/** A change shown next to an incident, and why. */
export interface RelatedChange extends KnownChange {
  /** When it happened (the sender's timestamp, else when received): what the window is measured by. */
  at: string;
  /** The service that relates it to the incident. */
  service: string;
  /** `impacted`: a service of the incident changed; `dependency`: a service one of them depends on (through the catalog). */
  relation: 'impacted' | 'dependency';
  /** From the impacted service to `service` along `dependsOn` (just `[service]` when impacted). */
  via: string[];
}

const key = (name: string) => name.trim().toLowerCase();
const knownBy = (knownAt: Date | undefined) => (recordedAt: string) => knownAt === undefined || Date.parse(recordedAt) <= knownAt.getTime();

/** Each service's dependencies in force at `at`: its last version by then (a retired one has none). */
export function dependenciesAt(catalog: readonly ServiceVersion[], at: string, knownAt?: Date): Map<string, string[]> {
  const latest = new Map<string, ServiceVersion>();
  const known = knownBy(knownAt);
  for (const version of catalog) {
    if (Date.parse(version.occurredAt) > Date.parse(at) || !known(version.recordedAt)) continue;
    const current = latest.get(key(version.name));
    if (!current || version.sourceRevision > current.sourceRevision) latest.set(key(version.name), version);
  }
  return new Map([...latest].map(([name, version]) => [name, (dependsOnOf(version) ?? []).map(key)]));
}

/**
 * The services an incident's impacted services reach through `dependsOn` (transitively, each by its shortest path,
 * cycles followed once), the impacted ones first with a path of one.
 */
export function reachedServices(services: readonly string[], dependencies: ReadonlyMap<string, string[]>): Map<string, string[]> {
  const paths = new Map<string, string[]>();
  let frontier = [...new Set(services.map(key))].sort();
  for (const s of frontier) paths.set(s, [s]);
  while (frontier.length > 0) {
    const next: string[] = [];
    for (const from of frontier) {
      for (const to of dependencies.get(from) ?? []) {
        if (paths.has(to)) continue;
        paths.set(to, [...paths.get(from)!, to]);
        next.push(to);
      }
    }
    frontier = next.sort();
  }
  return paths;
}

/**
 * The changes to an incident's impacted services and to the services they depend on (the catalog as it stood at the
 * incident's start), that happened in the `windowHours` before the incident's start, newest first (the nearest is
 * the first suspect). A change naming several services is shown once, by its closest relation. Pure: the postmortem
 * calls it too.
 */
export function changesBefore(input: ChangesBeforeInput): RelatedChange[] {
  const end = Date.parse(input.incidentStart);
  const start = end - input.windowHours * 3_600_000;
  const paths = reachedServices(input.services, dependenciesAt(input.catalog, input.incidentStart, input.knownAt));
  const known = knownBy(input.knownAt);
  const shown = new Map<string, RelatedChange>();
  for (const change of input.changes) {
    const at = happenedAt(change);
    const t = Date.parse(at);
    if (t < start || t > end || !known(change.recordedAt)) continue;
    for (const service of change.services) {
      const via = paths.get(key(service));
      if (!via) continue;
      const current = shown.get(change.changeId);
      if (current && current.via.length <= via.length) continue;
      shown.set(change.changeId, { ...change, at, service: key(service), relation: via.length === 1 ? 'impacted' : 'dependency', via });
    }
  }
  return [...shown.values()].sort((a, b) => Date.parse(b.at) - Date.parse(a.at) || a.changeId.localeCompare(b.changeId));
}
