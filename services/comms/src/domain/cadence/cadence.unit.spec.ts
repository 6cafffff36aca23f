import { DomainError, given, TimerScheduledEvent } from '@linchpin/eventsourcing';
import { cadenceAt, cadencePolicyDecider, currentCadence, VersionUpdateCadence } from './cadence-policy.decider';
import { CadenceFact, IncidentCadenceCommand, IncidentCadenceEvent, incidentCadenceDecider, nextDueAt, pendingCadenceTimer, whoToNotify } from './incident-cadence.decider';
import { BUILT_IN_CADENCE, validateCadence } from './update-cadence';

/* Issue 15, item 5: the required update cadence per priority, and each incident's next update deadline. */

const T0 = '2026-01-01T10:00:00.000Z';
const at = (minutes: number) => new Date(Date.parse(T0) + minutes * 60_000).toISOString();
const context = (minutes = 0) => ({ actor: 'system:comms', causationId: 'c', occurredAt: at(minutes) });
let n = 0;
const note = (fact: CadenceFact, minutes = 0): IncidentCadenceCommand => ({ type: 'NoteCadenceFact', incidentId: 'i-1', causeId: `e-${++n}`, fact, context: context(minutes) });
const opened = (priority: 'P1' | 'P4' = 'P1', minutes: number | null = 30) => note({ kind: 'opened', priority, openedAt: T0, cadenceMinutes: minutes, cadenceVersion: 1 });
const posted = (minutes: number) => note({ kind: 'update-posted', updateId: `u-${minutes}`, postedAt: at(minutes) }, minutes);

const after = (...commands: IncidentCadenceCommand[]): IncidentCadenceEvent[] =>
  commands.reduce<IncidentCadenceEvent[]>((history, command) => [...history, ...given(incidentCadenceDecider, history).when(command).events], []);
const stateOf = (history: IncidentCadenceEvent[]) => given(incidentCadenceDecider, history).state();
const dueOf = (history: IncidentCadenceEvent[]) => pendingCadenceTimer(stateOf(history))?.dueAt;
const fire = (history: IncidentCadenceEvent[], minutes: number): IncidentCadenceCommand => {
  const timer = pendingCadenceTimer(stateOf(history))!;
  return { type: 'FireCadenceTimer', incidentId: 'i-1', timerId: timer.timerId, dueAt: timer.dueAt, context: context(minutes) };
};

describe('update cadence versions', () => {
  const version = (cadence: unknown, basedOnVersion?: number): VersionUpdateCadence => ({
    type: 'VersionUpdateCadence',
    eventId: `v-${++n}`,
    cadence: cadence as VersionUpdateCadence['cadence'],
    reason: 'tighter P1',
    ...(basedOnVersion !== undefined ? { basedOnVersion } : {}),
    context: context(),
  });

  it('given nothing, the built-in version 1 is in force: P1 30, P2 60, P3 120 minutes, none for P4 and P5', () => {
    expect(currentCadence(given(cadencePolicyDecider).state())).toMatchObject({ version: 1, cadence: BUILT_IN_CADENCE, versionedAt: null });
    expect(BUILT_IN_CADENCE).toEqual({ P1: 30, P2: 60, P3: 120, P4: null, P5: null });
  });

  it('when a new table is published, then it is version 2 with its reason; the same table again publishes nothing', () => {
    const events = given(cadencePolicyDecider).when(version({ ...BUILT_IN_CADENCE, P1: 15 }, 1)).events;
    expect(events).toEqual([expect.objectContaining({ type: 'UpdateCadenceVersioned', data: { policyId: 'default', version: 2, cadence: { ...BUILT_IN_CADENCE, P1: 15 }, reason: 'tighter P1' } })]);
    given(cadencePolicyDecider, events).when(version({ ...BUILT_IN_CADENCE, P1: 15 })).then([]);
    expect(cadenceAt(given(cadencePolicyDecider, events).state(), '2025-12-31T00:00:00.000Z').version).toBe(1);
  });

  it('when edited from an older version, then update_cadence_stale', () => {
    const events = given(cadencePolicyDecider).when(version({ ...BUILT_IN_CADENCE, P1: 15 })).events;
    given(cadencePolicyDecider, events).when(version({ ...BUILT_IN_CADENCE, P1: 20 }, 1)).thenThrows(DomainError, 'update_cadence_stale');
  });

  it('minutes are whole, 5 to 1440, or null; every priority is named; each failing field is named', () => {
    expect(validateCadence({ P1: 4, P2: 1441, P3: 2.5, P4: null, P6: 10 })).toEqual([
      { field: 'cadence.P6', reason: 'is not a priority (P1 to P5)' },
      { field: 'cadence.P1', reason: expect.stringContaining('from 5 to 1440') },
      { field: 'cadence.P2', reason: expect.stringContaining('from 5 to 1440') },
      { field: 'cadence.P3', reason: expect.stringContaining('from 5 to 1440') },
      { field: 'cadence.P5', reason: 'is required (null: no cadence)' },
    ]);
    expect(validateCadence({ P1: 5, P2: 1440, P3: null, P4: null, P5: null })).toEqual([]);
  });
});

describe("an incident's update deadline", () => {
  it('given nothing, when a P1 opens, then its first update is due 30 minutes after it opened', () => {
    const history = after(opened());
    expect(history.map((e) => e.type)).toEqual(['CadenceFactNoted', 'TimerScheduled']);
    expect(dueOf(history)).toBe(at(30));
  });

  it('given an open P1, when an update is posted at 20 minutes, then the deadline moves to 50', () => {
    const history = after(opened(), posted(20));
    expect(history.map((e) => e.type)).toEqual(['CadenceFactNoted', 'TimerScheduled', 'CadenceFactNoted', 'TimerCancelled', 'TimerScheduled']);
    expect(dueOf(history)).toBe(at(50));
  });

  it('the same event again (a redelivery) records nothing', () => {
    const update = posted(20);
    const history = after(opened(), update);
    given(incidentCadenceDecider, history).when(update).then([]);
  });

  it('when the deadline fires, then the next is armed a cadence later, and a second firing of it records nothing', () => {
    const history = after(opened());
    const firing = fire(history, 30);
    const fired = given(incidentCadenceDecider, history).when(firing).events;
    expect(fired.map((e) => e.type)).toEqual(['TimerFired', 'TimerScheduled']);
    expect((fired[1] as TimerScheduledEvent).data.dueAt).toBe(at(60));
    given(incidentCadenceDecider, [...history, ...fired]).when(firing).then([]);
  });

  it('when resolved, then the deadline is cancelled and later updates arm nothing', () => {
    const history = after(opened(), note({ kind: 'closed', reason: 'resolved' }, 10));
    expect(history.map((e) => e.type)).toEqual(['CadenceFactNoted', 'TimerScheduled', 'CadenceFactNoted', 'TimerCancelled']);
    given(incidentCadenceDecider, history).when(posted(12)).then([]);
    expect(nextDueAt(stateOf(history))).toBeNull();
  });

  it('given a resolved P1, when it is reopened at 90 minutes, then the next update is due a cadence after the reopening; the same reopening again arms nothing', () => {
    const reopening = note({ kind: 'reopened', reopenedAt: at(90), cadenceMinutes: 30, cadenceVersion: 1 }, 90);
    const history = after(opened(), posted(20), note({ kind: 'closed', reason: 'resolved' }, 40), reopening);
    expect(history.slice(-2).map((e) => e.type)).toEqual(['CadenceFactNoted', 'TimerScheduled']);
    expect(dueOf(history)).toBe(at(120));
    expect(stateOf(history)).toMatchObject({ status: 'open', reopenedAt: at(90), lastUpdateAt: at(20) });
    given(incidentCadenceDecider, history).when(reopening).then([]);
    // Its timer is a new one (the resolution cancelled the first), and updates move it again.
    expect(new Set(history.filter((e) => e.type === 'TimerScheduled').map((e) => (e as TimerScheduledEvent).data.timerId)).size).toBe(3);
    expect(dueOf([...history, ...given(incidentCadenceDecider, history).when(posted(100)).events])).toBe(at(130));
  });

  it('the reopening takes the cadence it was given (the version in force then); none at its priority arms nothing; an open incident is not reopened', () => {
    const closed = after(opened(), note({ kind: 'closed', reason: 'resolved' }, 40));
    const tighter = [...closed, ...given(incidentCadenceDecider, closed).when(note({ kind: 'reopened', reopenedAt: at(50), cadenceMinutes: 15, cadenceVersion: 2 }, 50)).events];
    expect(dueOf(tighter)).toBe(at(65));
    expect(stateOf(tighter)).toMatchObject({ cadenceMinutes: 15, cadenceVersion: 2 });
    const none = given(incidentCadenceDecider, closed).when(note({ kind: 'reopened', reopenedAt: at(50), cadenceMinutes: null, cadenceVersion: 2 }, 50)).events;
    expect(none.map((e) => e.type)).toEqual(['CadenceFactNoted']);
    given(incidentCadenceDecider, after(opened())).when(note({ kind: 'reopened', reopenedAt: at(50), cadenceMinutes: 30, cadenceVersion: 1 }, 50)).then([]);
  });

  it('when a P4 (no cadence) is raised to P1, then the deadline is the P1 cadence from the opening; lowered back, it is cancelled', () => {
    const quiet = after(opened('P4', null));
    expect(dueOf(quiet)).toBeUndefined();
    const raised = after(opened('P4', null), note({ kind: 'reprioritised', priority: 'P1', cadenceMinutes: 30 }, 5));
    expect(dueOf(raised)).toBe(at(30));
    const lowered = [...raised, ...given(incidentCadenceDecider, raised).when(note({ kind: 'reprioritised', priority: 'P4', cadenceMinutes: null }, 6)).events];
    expect(dueOf(lowered)).toBeUndefined();
  });

  it('an update posted before comms heard of the opening still counts', () => {
    const history = after(posted(10), opened());
    expect(dueOf(history)).toBe(at(40));
  });

  it('the communications lead is told, else the commander, else nobody; a role given up moves it back', () => {
    const lead = note({ kind: 'role', role: 'communications-lead', personId: 'p-lead' });
    const commander = note({ kind: 'role', role: 'commander', personId: 'p-cmd' });
    expect(whoToNotify(stateOf(after(opened())))).toBeNull();
    expect(whoToNotify(stateOf(after(opened(), commander)))).toEqual({ personId: 'p-cmd', role: 'commander' });
    expect(whoToNotify(stateOf(after(opened(), note({ kind: 'role', role: 'commander', personId: 'p-cmd' }), lead)))).toEqual({ personId: 'p-lead', role: 'communications-lead' });
    const released = after(opened(), note({ kind: 'role', role: 'commander', personId: 'p-cmd' }), note({ kind: 'role', role: 'communications-lead', personId: 'p-lead' }), note({ kind: 'role', role: 'communications-lead', personId: null }));
    expect(whoToNotify(stateOf(released))).toEqual({ personId: 'p-cmd', role: 'commander' });
    // A role changes who is told, not when.
    expect(released.filter((e) => e.type === 'TimerScheduled')).toHaveLength(1);
  });
});

describe('an overdue deadline fired late', () => {
  it('fired 5 minutes late, the next is still a cadence after the deadline; fired after a downtime longer than a cadence, a cadence after the firing', () => {
    const history = after(opened());
    const late = given(incidentCadenceDecider, history).when(fire(history, 35)).events;
    expect((late[1] as TimerScheduledEvent).data.dueAt).toBe(at(60));
    const down = given(incidentCadenceDecider, history).when(fire(history, 100)).events;
    expect((down[1] as TimerScheduledEvent).data.dueAt).toBe(at(130));
  });
});
