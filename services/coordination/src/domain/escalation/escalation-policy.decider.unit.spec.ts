import { CommandContext, DomainError, NotFoundError, given } from '@linchpin/eventsourcing';
import { EscalationPolicyCreatedV1, EscalationPolicyRetiredV1, EscalationPolicyUpdatedV1 } from '@linchpin/contracts';
import { EscalationPolicyCommand, EscalationPolicyEvent, escalationPolicyDecider } from './escalation-policy.decider';
import { EscalationPolicyDefinition } from './escalation-policy';

const POLICY = '66666666-6666-4666-8666-666666666666';
const ALICE = '11111111-1111-4111-8111-111111111111';
const NIGHTS = '44444444-4444-4444-8444-444444444444';
const context: CommandContext = { actor: 'user:ops', causationId: 'request-1', occurredAt: '2026-03-01T10:00:00.000Z' };
const metadata = { ...context, correlationId: context.causationId };

const definition: EscalationPolicyDefinition = {
  name: ' payments primary ',
  levels: [
    { targets: [{ kind: 'person', id: ALICE.toUpperCase() }], timeoutMinutes: 10 },
    { targets: [{ kind: 'schedule', id: NIGHTS }], timeoutMinutes: 15 },
  ],
  repeat: 1,
  acknowledgementTimeoutMinutes: 30,
};
const stored = { policyId: POLICY, name: 'payments primary', levels: [{ targets: [{ kind: 'person' as const, id: ALICE }], timeoutMinutes: 10 }, definition.levels[1]], repeat: 1, acknowledgementTimeoutMinutes: 30 };

const create = (policy = definition): EscalationPolicyCommand => ({ type: 'CreateEscalationPolicy', policyId: POLICY, eventId: 'e1', policy, context });
const update = (policy: EscalationPolicyDefinition, basedOnVersion?: number): EscalationPolicyCommand => ({
  type: 'UpdateEscalationPolicy',
  policyId: POLICY,
  eventId: 'e2',
  policy,
  ...(basedOnVersion !== undefined ? { basedOnVersion } : {}),
  context,
});
const retire = (basedOnVersion?: number): EscalationPolicyCommand => ({ type: 'RetireEscalationPolicy', policyId: POLICY, eventId: 'e3', ...(basedOnVersion !== undefined ? { basedOnVersion } : {}), context });

const created: EscalationPolicyEvent[] = [EscalationPolicyCreatedV1.create('e1', { ...stored, version: 1 }, metadata)];

describe('escalation policy decider', () => {
  it('given nothing, when created, then version 1 of the normalised definition (trimmed name, lower-case ids)', () => {
    given(escalationPolicyDecider).when(create()).then(created);
  });

  it('given nothing, when updated or retired, then not found (404)', () => {
    given(escalationPolicyDecider).when(update(definition)).thenThrows(NotFoundError);
    given(escalationPolicyDecider).when(retire()).thenThrows(NotFoundError);
  });

  it('given a policy, when created again with its id, then escalation_policy_exists', () => {
    given(escalationPolicyDecider, created).when(create()).thenThrows(DomainError, 'escalation_policy_exists');
  });

  it('given a bad definition, when created, then escalation_policy_invalid naming the field (the routes refuse it first with a 400)', () => {
    const error = given(escalationPolicyDecider).when(create({ ...definition, levels: [{ targets: [{ kind: 'person', id: 'nope' }], timeoutMinutes: 10 }] })).thenThrows(DomainError, 'escalation_policy_invalid');
    expect(error.field).toBe('levels.0.targets.0.id');
    given(escalationPolicyDecider).when(create({ ...definition, repeat: 10 })).thenThrows(DomainError, 'escalation_policy_invalid');
    given(escalationPolicyDecider).when(create({ ...definition, levels: [] })).thenThrows(DomainError, 'escalation_policy_invalid');
    given(escalationPolicyDecider).when(create({ ...definition, levels: [{ targets: [{ kind: 'person', id: ALICE }], timeoutMinutes: 1441 }] })).thenThrows(DomainError, 'escalation_policy_invalid');
  });

  it('given version 1, when updated from version 1, then version 2 with the full definition (an absent acknowledgement timeout removed)', () => {
    const { acknowledgementTimeoutMinutes: _gone, ...quiet } = { ...definition, repeat: 0 };
    given(escalationPolicyDecider, created)
      .when(update(quiet, 1))
      .then([EscalationPolicyUpdatedV1.create('e2', { policyId: POLICY, name: 'payments primary', levels: stored.levels, repeat: 0, version: 2 }, metadata)]);
    const after = [...created, ...given(escalationPolicyDecider, created).when(update(quiet, 1)).events];
    const state = given(escalationPolicyDecider, after).state();
    expect(state).toMatchObject({ status: 'active', policy: { version: 2, repeat: 0 } });
    expect(state.status === 'active' && 'acknowledgementTimeoutMinutes' in state.policy).toBe(false);
  });

  it('given version 2, when updated from version 1, then escalation_policy_stale naming basedOnVersion', () => {
    const v2 = [...created, EscalationPolicyUpdatedV1.create('e2', { ...stored, repeat: 0, version: 2 }, metadata)];
    const error = given(escalationPolicyDecider, v2).when(update(definition, 1)).thenThrows(DomainError, 'escalation_policy_stale');
    expect(error.field).toBe('basedOnVersion');
    given(escalationPolicyDecider, v2).when(retire(1)).thenThrows(DomainError, 'escalation_policy_stale');
  });

  it('given a policy, when updated to the same definition, then nothing (no new version)', () => {
    given(escalationPolicyDecider, created).when(update(definition)).then([]);
  });

  it('given a policy, when retired, then a last version; after that every change is escalation_policy_retired', () => {
    given(escalationPolicyDecider, created).when(retire(1)).then([EscalationPolicyRetiredV1.create('e3', { policyId: POLICY, version: 2 }, metadata)]);
    const retired = [...created, EscalationPolicyRetiredV1.create('e3', { policyId: POLICY, version: 2 }, metadata)];
    given(escalationPolicyDecider, retired).when(update(definition)).thenThrows(DomainError, 'escalation_policy_retired');
    given(escalationPolicyDecider, retired).when(retire()).thenThrows(DomainError, 'escalation_policy_retired');
    given(escalationPolicyDecider, retired).when(create()).thenThrows(DomainError, 'escalation_policy_exists');
    expect(given(escalationPolicyDecider, retired).state()).toMatchObject({ status: 'retired', policy: { version: 2, name: 'payments primary' } });
  });
});
