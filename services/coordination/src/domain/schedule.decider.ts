import { CommandContext, Decider, DomainError, NotFoundError, assertNever, configurationMetadata } from '@linchpin/eventsourcing';
import {
  ScheduleCreated,
  ScheduleCreatedEvent,
  ScheduleOverrideAdded,
  ScheduleOverrideAddedEvent,
  ScheduleOverrideRemoved,
  ScheduleOverrideRemovedEvent,
  ScheduleRetired,
  ScheduleRetiredEvent,
  ScheduleUpdated,
  ScheduleUpdatedEvent,
} from '@linchpin/contracts';
import { Schedule, ScheduleDefinition, ScheduleOverride, definitionProblems, instantOf, normalizeDefinition } from './schedule';

/**
 * Participants and override persons are person ids. Whether a person exists is the people
 * feature's to check; until it lands any UUID is accepted.
 */
export interface CreateSchedule {
  type: 'CreateSchedule';
  scheduleId: string;
  eventId: string;
  definition: ScheduleDefinition;
  context: CommandContext;
}

export interface UpdateSchedule {
  type: 'UpdateSchedule';
  scheduleId: string;
  eventId: string;
  definition: ScheduleDefinition;
  /** The version the caller edited: another version in force means someone changed it since (409). */
  basedOnVersion?: number;
  context: CommandContext;
}

export interface AddOverride {
  type: 'AddOverride';
  scheduleId: string;
  eventId: string;
  override: ScheduleOverride;
  context: CommandContext;
}

export interface RemoveOverride {
  type: 'RemoveOverride';
  scheduleId: string;
  eventId: string;
  overrideId: string;
  context: CommandContext;
}

export interface RetireSchedule {
  type: 'RetireSchedule';
  scheduleId: string;
  eventId: string;
  context: CommandContext;
}

export type ScheduleCommand = CreateSchedule | UpdateSchedule | AddOverride | RemoveOverride | RetireSchedule;
export type ScheduleEvent = ScheduleCreatedEvent | ScheduleUpdatedEvent | ScheduleOverrideAddedEvent | ScheduleOverrideRemovedEvent | ScheduleRetiredEvent;

export interface ScheduleRecord {
  scheduleId: string;
  version: number;
  definition: ScheduleDefinition;
  /** In the order added (the last added wins where two overlap). */
  overrides: ScheduleOverride[];
  createdAt: string;
  updatedAt: string;
  retiredAt: string | null;
}

export type ScheduleState = { status: 'none' } | ({ status: 'active' } & ScheduleRecord) | ({ status: 'retired' } & ScheduleRecord);

/** What the evaluation (`onCallAt`, `shifts`) takes: the definition in force, its overrides and its retirement. */
export const scheduleOf = (record: ScheduleRecord): Schedule => ({ ...record.definition, overrides: record.overrides, retiredAt: record.retiredAt });

const definitionOf = (data: ScheduleCreatedEvent['data']): ScheduleDefinition => ({ name: data.name, timeZone: data.timeZone, layers: data.layers });

/** The HTTP layer checks the same first (a 400); this keeps the stored schedules sound whoever sends the command. */
const checked = (definition: ScheduleDefinition): ScheduleDefinition => {
  const [problem] = definitionProblems(definition);
  if (problem) throw new DomainError('invalid_schedule', problem.reason, problem.field);
  return normalizeDefinition(definition);
};

export const scheduleDecider: Decider<ScheduleCommand, ScheduleState, ScheduleEvent> = {
  initialState: { status: 'none' },
  evolve(state, event) {
    const at = event.metadata.occurredAt;
    switch (event.type) {
      case 'ScheduleCreated':
        return {
          status: 'active',
          scheduleId: event.data.scheduleId,
          version: event.data.version,
          definition: definitionOf(event.data),
          overrides: [],
          createdAt: at,
          updatedAt: at,
          retiredAt: null,
        };
      case 'ScheduleUpdated':
        if (state.status === 'none') return state;
        return { ...state, version: event.data.version, definition: definitionOf(event.data), updatedAt: at };
      case 'ScheduleOverrideAdded':
        if (state.status === 'none') return state;
        return { ...state, overrides: [...state.overrides, { overrideId: event.data.overrideId, personId: event.data.personId, from: event.data.from, to: event.data.to }], updatedAt: at };
      case 'ScheduleOverrideRemoved':
        if (state.status === 'none') return state;
        return { ...state, overrides: state.overrides.filter((o) => o.overrideId !== event.data.overrideId), updatedAt: at };
      case 'ScheduleRetired':
        if (state.status === 'none') return state;
        return { ...state, status: 'retired', retiredAt: at, updatedAt: at };
      default:
        return assertNever(event);
    }
  },
  decide(command, state) {
    if (command.type === 'CreateSchedule') return decideCreate(command, state);
    switch (state.status) {
      case 'none':
        throw new NotFoundError('schedule', command.scheduleId);
      case 'retired':
        throw new DomainError('schedule_retired', `schedule ${command.scheduleId} was retired at ${state.retiredAt}`);
      case 'active':
        break;
      default:
        return assertNever(state);
    }
    switch (command.type) {
      case 'UpdateSchedule':
        return decideUpdate(command, state);
      case 'AddOverride':
        return decideAddOverride(command, state);
      case 'RemoveOverride':
        return decideRemoveOverride(command, state);
      case 'RetireSchedule':
        return [ScheduleRetired.create(command.eventId, { scheduleId: command.scheduleId, version: state.version }, configurationMetadata(command.context))];
      default:
        return assertNever(command);
    }
  },
};

type Active = Extract<ScheduleState, { status: 'active' }>;

function decideCreate(command: CreateSchedule, state: ScheduleState): ScheduleEvent[] {
  if (state.status !== 'none') throw new DomainError('schedule_exists', `schedule ${command.scheduleId} already exists`);
  const definition = checked(command.definition);
  return [ScheduleCreated.create(command.eventId, { scheduleId: command.scheduleId, version: 1, ...definition }, configurationMetadata(command.context))];
}

function decideUpdate(command: UpdateSchedule, state: Active): ScheduleEvent[] {
  if (command.basedOnVersion !== undefined && command.basedOnVersion !== state.version) {
    throw new DomainError('stale_version', `schedule ${command.scheduleId} is at version ${state.version}, not ${command.basedOnVersion}: read it again and reapply the change`, 'basedOnVersion');
  }
  const definition = checked(command.definition);
  // The same definition again is no new version: a retried PUT changes nothing.
  if (JSON.stringify(definition) === JSON.stringify(state.definition)) return [];
  return [ScheduleUpdated.create(command.eventId, { scheduleId: command.scheduleId, version: state.version + 1, ...definition }, configurationMetadata(command.context))];
}

function decideAddOverride(command: AddOverride, state: Active): ScheduleEvent[] {
  const { override } = command;
  const [from, to] = [instantOf(override.from), instantOf(override.to)];
  if (from === undefined) throw new DomainError('invalid_override', 'from must be an ISO 8601 instant', 'from');
  if (to === undefined || to <= from) throw new DomainError('invalid_override', 'to must be an ISO 8601 instant after from', 'to');
  if (state.overrides.some((o) => o.overrideId === override.overrideId)) throw new DomainError('override_exists', `override ${override.overrideId} already exists`);
  const data = { scheduleId: command.scheduleId, overrideId: override.overrideId, personId: override.personId.toLowerCase(), from: new Date(from).toISOString(), to: new Date(to).toISOString() };
  return [ScheduleOverrideAdded.create(command.eventId, data, configurationMetadata(command.context))];
}

function decideRemoveOverride(command: RemoveOverride, state: Active): ScheduleEvent[] {
  if (!state.overrides.some((o) => o.overrideId === command.overrideId)) throw new NotFoundError('override', command.overrideId);
  return [ScheduleOverrideRemoved.create(command.eventId, { scheduleId: command.scheduleId, overrideId: command.overrideId }, configurationMetadata(command.context))];
}
