import { DomainError, given } from '@linchpin/eventsourcing';
import { BUILT_IN_SLA_POLICY, slaPolicyAt, slaPolicyDecider, VersionSlaTargets } from './sla-policy.decider';
import { BUILT_IN_SLA_TARGETS, SlaTargetTable, validateTargets } from './sla-targets';

const context = (occurredAt = '2026-03-03T09:00:00.000Z') => ({ actor: 'user:ops', causationId: 'request-1', occurredAt });
const tighter: SlaTargetTable = { ...BUILT_IN_SLA_TARGETS, P1: { acknowledgeMinutes: 3, mitigateMinutes: 20, resolveMinutes: 120 } };
const version = (over: Partial<VersionSlaTargets> = {}): VersionSlaTargets => ({
  type: 'VersionSlaTargets',
  eventId: '00000000-0000-4000-8000-000000000001',
  targets: tighter,
  context: context(),
  ...over,
});

describe('SLA policy decider (slaPolicy-default)', () => {
  it('given the built-in version 1, when new targets are published, then SlaTargetsVersioned v2 with the targets, reason and the actor', () => {
    const [event] = given(slaPolicyDecider).when(version({ reason: ' faster P1 ', basedOnVersion: 1 })).then((events) => expect(events).toHaveLength(1));
    expect(event).toMatchObject({ type: 'SlaTargetsVersioned', schemaVersion: 1, data: { policyId: 'default', version: 2, targets: tighter, reason: 'faster P1' } });
    expect(event.metadata).toMatchObject({ actor: 'user:ops', occurredAt: '2026-03-03T09:00:00.000Z' });
    expect(event.metadata.incidentId).toBeUndefined();
  });

  it('given version 2, when edited from version 1, then sla_targets_stale naming basedOnVersion', () => {
    const history = given(slaPolicyDecider).when(version()).events;
    const error = given(slaPolicyDecider, history)
      .when(version({ targets: BUILT_IN_SLA_TARGETS, basedOnVersion: 1 }))
      .thenThrows(DomainError, 'sla_targets_stale');
    expect(error.field).toBe('basedOnVersion');
    given(slaPolicyDecider, history)
      .when(version({ targets: BUILT_IN_SLA_TARGETS, basedOnVersion: 2 }))
      .then((events) => expect(events[0].data.version).toBe(3));
  });

  it('given the built-in targets, when the same targets are sent again, then nothing (no version for nothing)', () => {
    given(slaPolicyDecider).when(version({ targets: BUILT_IN_SLA_TARGETS })).then([]);
  });

  it('given any version, when a target is invalid, then sla_targets_invalid naming the field', () => {
    const bad = { ...BUILT_IN_SLA_TARGETS, P2: { acknowledgeMinutes: 30, mitigateMinutes: 10 } };
    const error = given(slaPolicyDecider).when(version({ targets: bad })).thenThrows(DomainError, 'sla_targets_invalid');
    expect(error.field).toBe('targets.P2.mitigateMinutes');
  });

  it('answers the version in force at an instant: the built-in one before the first change, the change from its publication on', () => {
    const history = given(slaPolicyDecider).when(version({ context: context('2026-03-03T10:00:00.000Z') })).events;
    const state = given(slaPolicyDecider, history).state();
    expect(slaPolicyAt(state, '2026-03-03T09:59:59.999Z')).toEqual(BUILT_IN_SLA_POLICY);
    expect(slaPolicyAt(state, '2026-03-03T10:00:00.000Z')).toMatchObject({ version: 2, targets: tighter, versionedBy: 'user:ops' });
  });
});

describe('validateTargets', () => {
  it('names every failing field', () => {
    expect(validateTargets({ P1: { acknowledgeMinutes: 0, resolveMinutes: 2.5, waitMinutes: 3 }, P2: {}, P3: {}, P4: 'none', P6: {} })).toEqual([
      { field: 'targets.P6', reason: 'is not a priority (P1 to P5)' },
      { field: 'targets.P1.waitMinutes', reason: expect.stringContaining('is not a target') },
      { field: 'targets.P1.acknowledgeMinutes', reason: 'must be a whole number of minutes from 1 to 43200' },
      { field: 'targets.P1.resolveMinutes', reason: 'must be a whole number of minutes from 1 to 43200' },
      { field: 'targets.P4', reason: expect.stringContaining('must be an object') },
      { field: 'targets.P5', reason: expect.stringContaining('is required') },
    ]);
    expect(validateTargets([])).toEqual([{ field: 'targets', reason: expect.any(String) }]);
    expect(validateTargets(BUILT_IN_SLA_TARGETS)).toEqual([]);
  });
});
