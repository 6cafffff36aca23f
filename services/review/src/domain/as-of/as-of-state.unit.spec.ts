import { TimelineEntry } from '../timeline';
import { asOf, emptySnapshot } from '../as-of';

const base = Date.parse('2026-03-03T09:00:00.000Z');
const t = (seconds: number) => new Date(base + seconds * 1000).toISOString();
const incidentId = '11111111-1111-4111-8111-111111111111';
const alice = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
const bob = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb';
const carol = 'cccccccc-cccc-4ccc-8ccc-cccccccccccc';
let n = 0;

/** An entry whose source event happened (and was recorded) `seconds` after base. */
const entry = (type: string, data: Record<string, unknown>, seconds: number, schemaVersion = 1, context = 'coordination'): TimelineEntry => ({
  eventId: `e-${++n}`,
  at: t(seconds),
  occurredAt: t(seconds),
  context,
  type,
  schemaVersion,
  actor: 'system:test',
  summary: type,
  data: { incidentId, ...data },
});
const at = (seconds: number) => new Date(base + seconds * 1000);
const stateAt = (entries: TimelineEntry[], seconds: number) => asOf(entries, at(seconds)).state!;

const fired = (alertId: string, service: string, seconds: number) =>
  entry('AlertFired', { alertId, fingerprint: `fp-${alertId}`, source: 'prometheus', summary: `${service} errors`, severity: 'critical', labels: { service }, startsAt: t(seconds - 30) }, seconds, 2, 'detection');
const paged = (personId: string, responder: string, seconds: number) =>
  entry('ResponderPaged', { pageId: `p-${personId}-${seconds}`, teamId: carol, team: 'payments', personId, responder, contactMethodId: carol, contactKind: 'webhook', priority: 'P1', title: 't', escalationLevel: 1, reason: 'on call' }, seconds, 3);
const update = (audience: string, status: string, message: string, seconds: number) =>
  entry('StatusUpdatePosted', { updateId: `u-${seconds}`, audience, status, message, impact: 'major', eta: null, template: null }, seconds, 2, 'comms');

describe('the state as of a moment, across contexts', () => {
  it('keeps the first fields as they were and starts every new one empty', () => {
    const state = stateAt([fired('a1', 'checkout', 0)], 0);
    expect(state).toMatchObject({ status: 'detected', alertCount: 1, severity: 'critical', paged: [], lastUpdate: null });
    expect(Object.keys(emptySnapshot)).toEqual(
      expect.arrayContaining(['status', 'title', 'severity', 'priority', 'team', 'alertCount', 'paged', 'acknowledgedBy', 'resolvedBy', 'lastUpdate']),
    );
    expect(state).toMatchObject({ people: [], roles: [], pendingTimers: [], told: { responders: null, internal: null, public: null }, changes: [], services: ['checkout'] });
  });

  it('lists the alerts fired or joined and not resolved by then', () => {
    const entries = [
      fired('a1', 'checkout', 0),
      entry('AlertJoinedIncident', { alertId: 'a2', fingerprint: 'fp-a2', severity: 'warning', service: 'payments', startsAt: t(5) }, 10, 1, 'detection'),
      entry('IncidentAlertResolved', { alertId: 'a1', fingerprint: 'fp-a1', endsAt: t(20), stillFiring: 1 }, 20, 1, 'detection'),
      entry('AlertsMovedToIncident', { from: carol, reason: 'merged', alerts: [{ alertId: 'a3', fingerprint: 'fp-a3', severity: 'error', startsAt: t(1), firing: true }, { alertId: 'a4', fingerprint: 'fp-a4', severity: 'error', startsAt: t(1), firing: false }] }, 30, 1, 'detection'),
      entry('SignalsCleared', { alertCount: 3, clearedAt: t(40) }, 40, 1, 'detection'),
    ];
    expect(stateAt(entries, 10).openAlerts.map((a) => [a.alertId, a.how, a.service])).toEqual([['a1', 'fired', 'checkout'], ['a2', 'joined', 'payments']]);
    expect(stateAt(entries, 20).openAlerts.map((a) => a.alertId)).toEqual(['a2']);
    expect(stateAt(entries, 30).openAlerts.map((a) => [a.alertId, a.how])).toEqual([['a2', 'joined'], ['a3', 'moved']]);
    expect(stateAt(entries, 40).openAlerts).toEqual([]);
    expect(stateAt(entries, 40).services).toEqual(['checkout', 'payments']);
  });

  it('names the people paged, added and holding roles, with roles handed over and released', () => {
    const entries = [
      paged(alice, 'alice', 0),
      paged(alice, 'alice', 300),
      entry('RespondersAdded', { by: 'user:alice', responders: [{ personId: bob, name: 'bob', pageId: 'p-b' }] }, 310),
      paged(bob, 'bob', 310),
      entry('IncidentRoleAssigned', { role: 'commander', personId: alice, name: 'alice', by: 'user:alice' }, 320),
      entry('IncidentRoleAssigned', { role: 'commander', personId: bob, name: 'bob', previousPersonId: alice, by: 'user:alice' }, 400),
      entry('IncidentRoleAssigned', { role: 'scribe', personId: alice, name: 'alice', by: 'user:alice' }, 410),
      entry('IncidentRoleReleased', { role: 'scribe', personId: alice, by: 'user:alice' }, 500),
    ];
    const at320 = stateAt(entries, 320);
    expect(at320.people).toEqual([
      { personId: alice, name: 'alice', pages: 2, firstPagedAt: t(0), lastPagedAt: t(300), addedBy: null, roles: ['commander'] },
      { personId: bob, name: 'bob', pages: 1, firstPagedAt: t(310), lastPagedAt: t(310), addedBy: 'user:alice', roles: [] },
    ]);
    expect(at320.roles).toEqual([{ role: 'commander', personId: alice, name: 'alice', since: t(320) }]);
    expect(stateAt(entries, 410).roles.map((r) => [r.role, r.name])).toEqual([['commander', 'bob'], ['scribe', 'alice']]);
    expect(stateAt(entries, 500).roles.map((r) => [r.role, r.name])).toEqual([['commander', 'bob']]);
    expect(stateAt(entries, 500).people.map((p) => [p.name, p.roles])).toEqual([['alice', []], ['bob', ['commander']]]);
  });

  it('says where a reassignment sent the response, and a subject-matter expert is one of several', () => {
    const entries = [
      entry('IncidentReassigned', { by: 'user:alice', to: { kind: 'team', id: carol, name: 'storage' }, previousTeam: 'payments' }, 10),
      entry('IncidentRoleAssigned', { role: 'subject-matter-expert', personId: alice, name: 'alice', by: 'user:alice' }, 20),
      entry('IncidentRoleAssigned', { role: 'subject-matter-expert', personId: bob, name: 'bob', by: 'user:alice' }, 30),
    ];
    const state = stateAt(entries, 30);
    expect(state.assignedTo).toEqual({ kind: 'team', id: carol, name: 'storage', by: 'user:alice', at: t(10) });
    expect(state.roles.map((r) => [r.role, r.name])).toEqual([['subject-matter-expert', 'alice'], ['subject-matter-expert', 'bob']]);
  });

  it('drops an escalation deadline when the policy is exhausted, a task deadline when its due date is cleared', () => {
    const entries = [
      entry('EscalationLevelReached', { policy: { policyId: carol, version: 1, name: 'Payments' }, level: 2, repeat: 0, paged: [], skipped: [], deadlineAt: t(600), reason: 'r', schedules: [], teams: [] }, 0, 4),
      entry('TaskCreated', { taskId: 'task-2', title: 'Page the DBA', assignee: null, assigneeName: null, instructions: null, runbookUrl: null, dueAt: t(900) }, 1),
      entry('EscalationExhausted', { policy: { policyId: carol, version: 1, name: 'Payments' }, levelsReached: 2, levelsSkipped: 0, fallbackTeam: null, reason: 'nobody acknowledged' }, 600),
      entry('TaskUpdated', { taskId: 'task-2', title: 'Page the DBA', instructions: null, runbookUrl: null, dueAt: null, changed: ['dueAt'] }, 700),
    ];
    expect(stateAt(entries, 1).pendingTimers.map((p) => p.timer)).toEqual(['escalation', 'task:task-2']);
    expect(stateAt(entries, 600).pendingTimers.map((p) => p.timer)).toEqual(['task:task-2']);
    expect(stateAt(entries, 700).pendingTimers).toEqual([]);
  });

  it('reads a page from before people (ResponderPaged v1) through its upcaster', () => {
    const v1 = entry('ResponderPaged', { pageId: 'p', teamId: carol, team: 'payments', responder: { name: 'dave', webhookUrl: 'http://x' }, priority: 'P1', title: 't', escalationLevel: 1, reason: 'r' }, 0);
    const [person] = stateAt([v1], 0).people;
    expect(person.name).toBe('dave');
    expect(person.personId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('lists pending deadlines with when they fall due, as known then, and drops each when it passes, stops or is cancelled', () => {
    const entries = [
      entry('EscalationLevelReached', { policy: { policyId: carol, version: 1, name: 'Payments' }, level: 1, repeat: 0, paged: [{ pageId: 'p1', personId: alice, name: 'alice', contactMethodId: carol, contactKind: 'webhook', via: { kind: 'person', id: alice, reason: 'r' } }], skipped: [], deadlineAt: t(300), reason: 'r', schedules: [], teams: [] }, 0, 4),
      entry('SlaClocksStarted', { slaVersion: 1, priority: 'P1', startedAt: t(0), clocks: [{ target: 'acknowledge', minutes: 5, dueAt: t(300) }, { target: 'resolve', minutes: 240, dueAt: t(14400) }], targets: {} }, 1),
      entry('TaskCreated', { taskId: 'task-1', title: 'Roll back', assignee: null, assigneeName: null, instructions: null, runbookUrl: null, dueAt: t(1800) }, 2),
      entry('IncidentAcknowledged', { by: 'alice' }, 60),
      entry('SlaClockStopped', { target: 'acknowledge', cause: 'acknowledged', stoppedAt: t(60), outcome: 'met', dueAt: t(300) }, 61),
      entry('IncidentSnoozed', { by: 'alice', until: t(3600) }, 100),
      entry('UpdateOverdue', { priority: 'P1', cadenceMinutes: 30, cadenceVersion: 2, lastUpdateAt: null, dueAt: t(1800), notified: null, reason: 'nobody' }, 1800, 1, 'comms'),
      update('public', 'identified', 'We found it', 1900),
      entry('TaskCompleted', { taskId: 'task-1', title: 'Roll back' }, 2000),
      entry('IncidentResolved', { by: 'alice', resolution: 'fixed' }, 3000),
    ];
    const timers = (seconds: number) => stateAt(entries, seconds).pendingTimers.map((p) => [p.timer, p.dueAt, p.overdue]);
    expect(timers(2)).toEqual([
      ['escalation', t(300), false],
      ['sla:acknowledge', t(300), false],
      ['task:task-1', t(1800), false],
      ['sla:resolve', t(14400), false],
    ]);
    // Due, but what ends it is not on the timeline yet: still pending, and overdue.
    expect(timers(59)[0]).toEqual(['escalation', t(300), false]);
    expect(stateAt(entries.slice(0, 3), 400).pendingTimers[0]).toMatchObject({ timer: 'escalation', overdue: true });
    expect(timers(100)).toEqual([['task:task-1', t(1800), false], ['snooze', t(3600), false], ['sla:resolve', t(14400), false]]);
    expect(timers(1800)).toEqual([['task:task-1', t(1800), true], ['snooze', t(3600), false], ['update-cadence', t(3600), false], ['sla:resolve', t(14400), false]]);
    expect(stateAt(entries, 1800).updateCadence).toEqual({ minutes: 30, version: 2 });
    expect(timers(1900)).toContainEqual(['update-cadence', t(1900 + 1800), false]);
    // Resolved: escalation, snooze and cadence wait for nothing; the resolve clock waits for its SlaClockStopped.
    expect(timers(3000)).toEqual([['sla:resolve', t(14400), false]]);
    // Reopened: comms arms the update cadence again, a cadence after the reopening.
    const reopened = [...entries, entry('IncidentReopened', { by: 'bob', reason: 'again', status: 'triggered', resolvedAt: t(3000), escalationRestarted: true }, 3100)];
    expect(stateAt(reopened, 3100).pendingTimers.map((p) => [p.timer, p.dueAt])).toEqual([['update-cadence', t(3100 + 1800)], ['sla:resolve', t(14400)]]);
  });

  it('says what each audience had been told: how many updates and the last, an update from before audiences as public', () => {
    const entries = [
      update('responders', 'investigating', 'Looking at checkout', 10),
      entry('StatusUpdatePosted', { updateId: 'u-v1', status: 'investigating', message: 'We are investigating' }, 20, 1, 'comms'),
      update('internal', 'identified', 'Bad deploy', 30),
      update('responders', 'identified', 'Rolling back', 40),
    ];
    const told = stateAt(entries, 30).told;
    expect(told.public).toEqual({ updates: 1, last: { updateId: 'u-v1', phase: 'investigating', impact: 'none', eta: null, message: 'We are investigating', at: t(20) } });
    expect(told.internal?.last.message).toBe('Bad deploy');
    expect(told.responders).toMatchObject({ updates: 1, last: { message: 'Looking at checkout' } });
    expect(stateAt(entries, 40).told.responders).toMatchObject({ updates: 2, last: { message: 'Rolling back', phase: 'identified', impact: 'major' } });
    expect(stateAt(entries, 40).lastUpdate?.message).toBe('Rolling back');
  });

  it('follows the response: lifecycle, priority changes, mitigation, reopen and merge', () => {
    const entries = [
      entry('IncidentDetected', { title: 'Checkout errors', severity: 'critical', source: 'prometheus', labels: { service: 'checkout' }, alertId: 'a', fingerprint: 'fp', firstSignalAt: t(0) }, 5, 1, 'detection'),
      entry('IncidentTriaged', { priority: 'P2', impact: 2, urgency: 2, matrix: { id: 'm', version: 1 }, route: { team: 'payments', ruleId: 'r', ruleVersion: 1 }, title: 'Checkout errors', rationale: [] }, 6, 1, 'triage'),
      paged(alice, 'alice', 7),
      entry('IncidentReprioritised', { priority: 'P1' }, 8, 1, 'triage'),
      entry('IncidentAcknowledged', { by: 'alice' }, 9),
      entry('IncidentStatusChanged', { from: 'acknowledged', to: 'identified', by: 'alice' }, 10),
      entry('IncidentMitigated', { mitigatedAt: t(11), by: 'alice' }, 11),
      entry('IncidentResolved', { by: 'alice' }, 12),
      entry('IncidentReopened', { by: 'bob', reason: 'again', status: 'acknowledged', resolvedAt: t(12), escalationRestarted: false }, 13),
      entry('IncidentMerged', { into: carol, by: 'bob' }, 14),
    ];
    expect(stateAt(entries, 5)).toMatchObject({ detectedAt: t(5), response: null, services: ['checkout'] });
    expect(stateAt(entries, 7)).toMatchObject({ response: 'triggered', priority: 'P2', currentPriority: 'P2' });
    expect(stateAt(entries, 8)).toMatchObject({ priority: 'P2', currentPriority: 'P1' });
    expect(stateAt(entries, 10)).toMatchObject({ status: 'acknowledged', response: 'identified' });
    expect(stateAt(entries, 12)).toMatchObject({ status: 'resolved', response: 'resolved', mitigatedAt: t(11) });
    expect(stateAt(entries, 13)).toMatchObject({ status: 'resolved', response: 'acknowledged', reopens: 1 });
    expect(stateAt(entries, 14)).toMatchObject({ mergedInto: carol });
  });
});
