import { assertNever, CommandContext, configurationMetadata, Decider, DomainError } from '@linchpin/eventsourcing';
import {
  SERVICE_HOURS_END_PATTERN,
  SERVICE_HOURS_START_PATTERN,
  SERVICE_NAME_PATTERN,
  ServiceBusinessHoursData,
  ServiceRegistered,
  ServiceRegisteredEvent,
  ServiceRetired,
  ServiceRetiredEvent,
  ServiceUpdated,
  ServiceUpdatedEvent,
} from '@linchpin/contracts';

/*
 * The service catalog: one stream per service, `service-<name>`, where the name is the string
 * alerts carry in their `service` label. Its events are published contracts (libs/contracts,
 * issue 15: comms' public status page lists every service), relayed to triage's topic. Every
 * change is a new version of the whole definition, so any past triage can say which definition it used.
 */

export { SERVICE_NAME_PATTERN, ServiceRegistered, ServiceUpdated, ServiceRetired };
export type { ServiceRegisteredEvent, ServiceUpdatedEvent, ServiceRetiredEvent };

export const isServiceName = (name: string): boolean => SERVICE_NAME_PATTERN.test(name);

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** `HH:MM`, 00:00 to 23:59. */
export const CLOCK_TIME_PATTERN = SERVICE_HOURS_START_PATTERN;
/** An end may also be 24:00 (the end of the day). */
export const END_TIME_PATTERN = SERVICE_HOURS_END_PATTERN;

/**
 * An IANA zone name the runtime knows. The shape check keeps out UTC offsets ("+01:00"), which
 * some runtimes accept but which ignore daylight saving, the reason to name a zone at all.
 */
export const isTimeZone = (zone: string): boolean => {
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]{0,63}$/.test(zone)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

export type BusinessHours = ServiceBusinessHoursData;

export type ServiceCatalogEvent = ServiceRegisteredEvent | ServiceUpdatedEvent | ServiceRetiredEvent;

export type Tier = 1 | 2 | 3 | 4;

/** What a user states about a service (the version is Linchpin's). */
export interface ServiceSpec {
  name: string;
  displayName?: string;
  tier: Tier;
  owningTeam: string;
  escalationPolicy?: string;
  businessHours?: BusinessHours;
  dependsOn: string[];
}

/** A service in the catalog as of its latest version. */
export interface ServiceEntry extends ServiceSpec {
  version: number;
  /** When it was (last) registered, and when its current version was recorded. */
  registeredAt: string;
  updatedAt: string;
}

export interface RegisterService {
  type: 'RegisterService';
  eventId: string;
  /** `service.name`: the stream the service is kept on. */
  name: string;
  service: ServiceSpec;
  context: CommandContext;
}

/** Replaces the whole definition (absent optional fields are removed). */
export interface UpdateService {
  type: 'UpdateService';
  eventId: string;
  /** `service.name`: the stream the service is kept on. */
  name: string;
  service: ServiceSpec;
  context: CommandContext;
}

export interface RetireService {
  type: 'RetireService';
  eventId: string;
  name: string;
  context: CommandContext;
}

export type ServiceCatalogCommand = RegisterService | UpdateService | RetireService;

/** A retired name may be registered again; its versions continue. */
export type ServiceState =
  | { status: 'none' }
  | { status: 'active'; service: ServiceEntry }
  | { status: 'retired'; name: string; version: number };

const dayIndex = (day: Weekday): number => WEEKDAYS.indexOf(day);

/** One spelling per definition, so "nothing changed" is a plain comparison and stored data is tidy. */
export const normalizeSpec = (spec: ServiceSpec): ServiceSpec => ({
  name: spec.name,
  ...(spec.displayName !== undefined ? { displayName: spec.displayName } : {}),
  tier: spec.tier,
  owningTeam: spec.owningTeam,
  ...(spec.escalationPolicy !== undefined ? { escalationPolicy: spec.escalationPolicy } : {}),
  ...(spec.businessHours !== undefined
    ? {
        businessHours: {
          timezone: spec.businessHours.timezone,
          days: [...new Set(spec.businessHours.days)].sort((a, b) => dayIndex(a) - dayIndex(b)),
          start: spec.businessHours.start,
          end: spec.businessHours.end,
        },
      }
    : {}),
  dependsOn: [...new Set(spec.dependsOn)].sort(),
});

const sameSpec = (a: ServiceSpec, b: ServiceSpec): boolean => JSON.stringify(normalizeSpec(a)) === JSON.stringify(normalizeSpec(b));

const invalid = (field: string, message: string): DomainError => new DomainError('service-invalid', message, field);

/** The HTTP layer checks the same; this keeps the stored catalog sound whoever sends the command. */
const validate = (spec: ServiceSpec): void => {
  if (!isServiceName(spec.name)) throw invalid('name', `service name "${spec.name}" must match ${SERVICE_NAME_PATTERN.source}`);
  if (!Number.isInteger(spec.tier) || spec.tier < 1 || spec.tier > 4) throw invalid('tier', 'tier must be 1, 2, 3 or 4');
  if (spec.owningTeam.trim() === '') throw invalid('owningTeam', 'owningTeam must not be empty');
  const badDependency = spec.dependsOn.find((d) => !isServiceName(d));
  if (badDependency !== undefined) throw invalid('dependsOn', `dependency "${badDependency}" is not a service name`);
  if (spec.dependsOn.includes(spec.name)) {
    throw new DomainError('service-depends-on-itself', `service ${spec.name} cannot depend on itself`, 'dependsOn');
  }
  const hours = spec.businessHours;
  if (hours === undefined) return;
  if (!isTimeZone(hours.timezone)) throw invalid('businessHours.timezone', `"${hours.timezone}" is not an IANA time zone`);
  if (hours.days.length === 0 || hours.days.some((d) => !WEEKDAYS.includes(d))) {
    throw invalid('businessHours.days', `days must be among ${WEEKDAYS.join(', ')}`);
  }
  if (!CLOCK_TIME_PATTERN.test(hours.start)) throw invalid('businessHours.start', 'start must be HH:MM');
  if (!END_TIME_PATTERN.test(hours.end)) throw invalid('businessHours.end', 'end must be HH:MM (or 24:00)');
  if (hours.start === hours.end) throw invalid('businessHours.end', 'end must differ from start');
};

const register = (command: RegisterService, state: ServiceState): ServiceCatalogEvent[] => {
  switch (state.status) {
    case 'active':
      throw new DomainError('service-exists', `service ${command.service.name} is already registered`, 'name');
    case 'none':
    case 'retired': {
      validate(command.service);
      const version = state.status === 'retired' ? state.version + 1 : 1;
      return [ServiceRegistered.create(command.eventId, { ...normalizeSpec(command.service), version }, configurationMetadata(command.context))];
    }
    default:
      return assertNever(state);
  }
};

const update = (command: UpdateService, state: ServiceState): ServiceCatalogEvent[] => {
  switch (state.status) {
    case 'none':
      throw new DomainError('service-unknown', `service ${command.service.name} is not registered`);
    case 'retired':
      throw new DomainError('service-unknown', `service ${command.service.name} is retired`);
    case 'active': {
      if (command.service.name !== state.service.name) throw invalid('name', `service ${state.service.name} cannot be renamed`);
      validate(command.service);
      const { version, registeredAt: _r, updatedAt: _u, ...current } = state.service;
      if (sameSpec(current, command.service)) return [];
      return [ServiceUpdated.create(command.eventId, { ...normalizeSpec(command.service), version: version + 1 }, configurationMetadata(command.context))];
    }
    default:
      return assertNever(state);
  }
};

const retire = (command: RetireService, state: ServiceState): ServiceCatalogEvent[] => {
  switch (state.status) {
    case 'none':
      throw new DomainError('service-unknown', `service ${command.name} is not registered`);
    case 'retired':
      return [];
    case 'active':
      return [ServiceRetired.create(command.eventId, { name: command.name, version: state.service.version + 1 }, configurationMetadata(command.context))];
    default:
      return assertNever(state);
  }
};

const entryOf = (data: ServiceRegisteredEvent['data'], registeredAt: string, updatedAt: string): ServiceEntry => {
  const { version, ...spec } = data;
  return { ...(spec as ServiceSpec), version, registeredAt, updatedAt };
};

export const serviceCatalogDecider: Decider<ServiceCatalogCommand, ServiceState, ServiceCatalogEvent> = {
  initialState: { status: 'none' },
  evolve(state, event) {
    switch (event.type) {
      case 'ServiceRegistered':
        return { status: 'active', service: entryOf(event.data, event.metadata.occurredAt, event.metadata.occurredAt) };
      case 'ServiceUpdated':
        return state.status === 'active'
          ? { status: 'active', service: entryOf(event.data, state.service.registeredAt, event.metadata.occurredAt) }
          : state;
      case 'ServiceRetired':
        return { status: 'retired', name: event.data.name, version: event.data.version };
      default:
        return assertNever(event);
    }
  },
  decide(command, state) {
    switch (command.type) {
      case 'RegisterService':
        return register(command, state);
      case 'UpdateService':
        return update(command, state);
      case 'RetireService':
        return retire(command, state);
      default:
        return assertNever(command);
    }
  },
};
