import { BusinessHours, ServiceEntry, Tier, Weekday, WEEKDAYS } from './service-catalog.decider';

/*
 * Questions over a snapshot of the catalog (active services by name; retired ones are absent).
 * An edge is "A depends on B": when B fails, A may fail with it, so B is as critical as the
 * most critical service that needs it, directly or through others.
 */

export type ServiceCatalog = ReadonlyMap<string, ServiceEntry>;

export interface Dependent {
  service: string;
  tier: Tier;
  /** From the dependent down to the service asked about: checkout → payments-api → payments-db. */
  path: string[];
}

export interface CriticalityVia {
  /** The service (of those given) the tier comes from. */
  service: string;
  /** The service that depends on it, when the tier is that service's rather than its own. */
  dependent?: string;
  path: string[];
}

export type Criticality = { tier: Tier; via: CriticalityVia; reason: string } | { tier: undefined; via?: undefined; reason: string };

/** Dependency name → the services that list it, each list sorted so answers do not depend on insertion order. */
const dependentsIndex = (catalog: ServiceCatalog): Map<string, string[]> => {
  const index = new Map<string, string[]>();
  for (const entry of catalog.values()) {
    for (const dependency of entry.dependsOn) {
      const list = index.get(dependency) ?? [];
      list.push(entry.name);
      index.set(dependency, list);
    }
  }
  for (const list of index.values()) list.sort();
  return index;
};

/**
 * Every service that depends on `service`, directly or transitively, each with its shortest
 * path. Breadth first with a visited set, so cycles end and the service is never its own
 * dependent. Ordered most critical first (tier, then path length, then name).
 * A name that is not registered still has the dependents that list it.
 */
export const dependentsOf = (catalog: ServiceCatalog, service: string): Dependent[] => {
  const index = dependentsIndex(catalog);
  const visited = new Set([service]);
  const found: Dependent[] = [];
  const queue: string[][] = [[service]];
  for (let path = queue.shift(); path !== undefined; path = queue.shift()) {
    for (const dependent of index.get(path[0]) ?? []) {
      if (visited.has(dependent)) continue;
      visited.add(dependent);
      const longer = [dependent, ...path];
      found.push({ service: dependent, tier: catalog.get(dependent)!.tier, path: longer });
      queue.push(longer);
    }
  }
  return found.sort((a, b) => a.tier - b.tier || a.path.length - b.path.length || (a.service < b.service ? -1 : a.service > b.service ? 1 : 0));
};

const reasonOf = (tier: Tier, via: CriticalityVia): string =>
  via.dependent === undefined
    ? `${via.service} is a tier-${tier} service`
    : `${via.service} is a dependency of tier-${tier} service ${via.dependent} (${via.path.join(' → ')})`;

/**
 * The most critical relation of any of `services`: the lowest tier among their own tiers and
 * those of their transitive dependents. On a tie, a service's own tier beats a dependent's,
 * a shorter path beats a longer one, and an earlier service in `services` beats a later one.
 * Names the catalog knows nothing about (not registered, listed by no one) are ignored.
 */
export const criticality = (catalog: ServiceCatalog, services: string[]): Criticality => {
  const names = [...new Set(services)];
  let best: { tier: Tier; via: CriticalityVia } | undefined;
  const consider = (tier: Tier, via: CriticalityVia): void => {
    if (best === undefined || tier < best.tier || (tier === best.tier && via.path.length < best.via.path.length)) best = { tier, via };
  };
  for (const service of names) {
    const own = catalog.get(service);
    if (own !== undefined) consider(own.tier, { service, path: [service] });
    for (const dependent of dependentsOf(catalog, service)) consider(dependent.tier, { service, dependent: dependent.service, path: dependent.path });
  }
  if (best !== undefined) return { tier: best.tier, via: best.via, reason: reasonOf(best.tier, best.via) };
  if (names.length === 0) return { tier: undefined, reason: 'no service given' };
  return {
    tier: undefined,
    reason: names.length === 1 ? `${names[0]} is not in the service catalog` : `none of ${names.join(', ')} is in the service catalog`,
  };
};

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Weekday and minutes since local midnight at `instant` in `zone`. */
const localTime = (zone: string, instant: Date): { day: Weekday; minutes: number } => {
  let format = formatters.get(zone);
  if (format === undefined) {
    // Building a formatter is costly (ICU data); one per zone is enough.
    format = new Intl.DateTimeFormat('en-US', { timeZone: zone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formatters.set(zone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(instant).map((p) => [p.type, p.value]));
  return { day: parts.weekday.toLowerCase() as Weekday, minutes: Number(parts.hour) * 60 + Number(parts.minute) };
};

const minutesOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

const previousDay = (day: Weekday): Weekday => WEEKDAYS[(WEEKDAYS.indexOf(day) + 6) % 7];

/**
 * Whether `at` (an ISO 8601 instant) falls within the hours, read on the wall clock of their
 * time zone, daylight saving included. The start is included, the end excluded. Hours whose end
 * is not after their start run overnight: `fri 22:00–06:00` covers Friday night into Saturday.
 */
export const isWithinBusinessHours = (hours: BusinessHours, at: string): boolean => {
  const instant = Date.parse(at);
  if (Number.isNaN(instant)) throw new RangeError(`not an ISO 8601 time: ${at}`);
  const { day, minutes } = localTime(hours.timezone, new Date(instant));
  const start = minutesOf(hours.start);
  const end = minutesOf(hours.end);
  const days: readonly string[] = hours.days;
  if (start < end) return days.includes(day) && minutes >= start && minutes < end;
  return (days.includes(day) && minutes >= start) || (days.includes(previousDay(day)) && minutes < end);
};
