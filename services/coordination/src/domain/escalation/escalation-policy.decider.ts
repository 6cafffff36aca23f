import { CommandContext, Decider, DomainError, NotFoundError, assertNever, configurationMetadata } from '@linchpin/eventsourcing';
import {
  EscalationPolicyCreatedEvent,
  EscalationPolicyCreatedV1,
  EscalationPolicyRetiredEvent,
  EscalationPolicyRetiredV1,
  EscalationPolicyUpdatedEvent,
  EscalationPolicyUpdatedV1,
} from '@linchpin/contracts';
import { EscalationPolicyDefinition, normalizePolicy, samePolicy, validatePolicy } from './escalation-policy';

/*
 * The stream `escalationPolicy-<policyId>`: every change is a new version of the whole definition,
 * so an escalation can name the version it followed. A retired policy takes no change.
 */

export interface CreateEscalationPolicy {
  type: 'CreateEscalationPolicy';
  policyId: string;
  eventId: string;
  policy: EscalationPolicyDefinition;
  context: CommandContext;
}

/** Replaces the whole definition (an absent acknowledgement timeout is removed). */
export interface UpdateEscalationPolicy {
  type: 'UpdateEscalationPolicy';
  policyId: string;
  eventId: string;
  policy: EscalationPolicyDefinition;
  /** The version the caller edited: refused when another has been recorded since. */
  basedOnVersion?: number;
  context: CommandContext;
}

export interface RetireEscalationPolicy {
  type: 'RetireEscalationPolicy';
  policyId: string;
  eventId: string;
  basedOnVersion?: number;
  context: CommandContext;
}

export type EscalationPolicyCommand = CreateEscalationPolicy | UpdateEscalationPolicy | RetireEscalationPolicy;
export type EscalationPolicyEvent = EscalationPolicyCreatedEvent | EscalationPolicyUpdatedEvent | EscalationPolicyRetiredEvent;

/** A policy as of its latest version. */
export interface EscalationPolicyEntry extends EscalationPolicyDefinition {
  policyId: string;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export type EscalationPolicyState =
  | { status: 'none' }
  | { status: 'active'; policy: EscalationPolicyEntry }
  | { status: 'retired'; policy: EscalationPolicyEntry; retiredAt: string };

const definitionOf = (data: EscalationPolicyCreatedEvent['data']): EscalationPolicyDefinition => ({
  name: data.name,
  levels: data.levels,
  repeat: data.repeat,
  ...(data.acknowledgementTimeoutMinutes !== undefined ? { acknowledgementTimeoutMinutes: data.acknowledgementTimeoutMinutes } : {}),
});

const refuseStale = (basedOnVersion: number | undefined, current: number): void => {
  if (basedOnVersion !== undefined && basedOnVersion !== current) {
    throw new DomainError('escalation_policy_stale', `the policy was edited from version ${basedOnVersion}, but its current version is ${current}`, 'basedOnVersion');
  }
};

const retiredError = (policyId: string): DomainError =>
  new DomainError('escalation_policy_retired', `escalation policy ${policyId} is retired: it takes no change`);

function create(command: CreateEscalationPolicy, state: EscalationPolicyState): EscalationPolicyEvent[] {
  switch (state.status) {
    case 'none':
      break;
    case 'active':
    case 'retired':
      throw new DomainError('escalation_policy_exists', `escalation policy ${command.policyId} already exists`);
    default:
      return assertNever(state);
  }
  validatePolicy(command.policy);
  return [EscalationPolicyCreatedV1.create(command.eventId, { policyId: command.policyId, ...normalizePolicy(command.policy), version: 1 }, configurationMetadata(command.context))];
}

function update(command: UpdateEscalationPolicy, state: EscalationPolicyState): EscalationPolicyEvent[] {
  switch (state.status) {
    case 'none':
      throw new NotFoundError('escalation policy', command.policyId);
    case 'retired':
      throw retiredError(command.policyId);
    case 'active':
      break;
    default:
      return assertNever(state);
  }
  refuseStale(command.basedOnVersion, state.policy.version);
  validatePolicy(command.policy);
  // The same definition again is not a new version: escalations would name a new version for nothing.
  if (samePolicy(state.policy, command.policy)) return [];
  return [
    EscalationPolicyUpdatedV1.create(
      command.eventId,
      { policyId: command.policyId, ...normalizePolicy(command.policy), version: state.policy.version + 1 },
      configurationMetadata(command.context),
    ),
  ];
}

function retire(command: RetireEscalationPolicy, state: EscalationPolicyState): EscalationPolicyEvent[] {
  switch (state.status) {
    case 'none':
      throw new NotFoundError('escalation policy', command.policyId);
    case 'retired':
      throw retiredError(command.policyId);
    case 'active':
      refuseStale(command.basedOnVersion, state.policy.version);
      return [EscalationPolicyRetiredV1.create(command.eventId, { policyId: command.policyId, version: state.policy.version + 1 }, configurationMetadata(command.context))];
    default:
      return assertNever(state);
  }
}

export const escalationPolicyDecider: Decider<EscalationPolicyCommand, EscalationPolicyState, EscalationPolicyEvent> = {
  initialState: { status: 'none' },
  evolve(state, event) {
    const at = event.metadata.occurredAt;
    switch (event.type) {
      case 'EscalationPolicyCreated':
        return { status: 'active', policy: { policyId: event.data.policyId, ...definitionOf(event.data), version: event.data.version, createdAt: at, updatedAt: at } };
      case 'EscalationPolicyUpdated':
        if (state.status !== 'active') return state;
        return { status: 'active', policy: { policyId: state.policy.policyId, ...definitionOf(event.data), version: event.data.version, createdAt: state.policy.createdAt, updatedAt: at } };
      case 'EscalationPolicyRetired':
        if (state.status !== 'active') return state;
        return { status: 'retired', policy: { ...state.policy, version: event.data.version, updatedAt: at }, retiredAt: at };
      default:
        return assertNever(event);
    }
  },
  decide(command, state) {
    switch (command.type) {
      case 'CreateEscalationPolicy':
        return create(command, state);
      case 'UpdateEscalationPolicy':
        return update(command, state);
      case 'RetireEscalationPolicy':
        return retire(command, state);
      default:
        return assertNever(command);
    }
  },
};

