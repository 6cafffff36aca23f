import { DomainError, NotFoundError, given } from '@linchpin/eventsourcing';
import {
  AcknowledgeIncident,
  AddResponders,
  ChangeStatus,
  EscalateIncident,
  FireTimer,
  MitigateIncident,
  PageOnCall,
  ReassignIncident,
  ReopenIncident,
  ResolveIncident,
  ResponseEvent,
  Roster,
  SnoozeIncident,
  UnsnoozeIncident,
  WorkingStatus,
  responseDecider,
  rosterPlan,
} from './response.decider';
import { AssignRole, ReleaseRole } from './response-roles';
import { teamIdOf } from './team.decider';
import { resolveFrom } from './escalation';
import { legacyPerson } from './person.decider';

const incidentId = '11111111-1111-4111-8111-111111111111';
const at = (minute: number) => new Date(Date.parse('2026-01-01T00:00:00.000Z') + minute * 60_000).toISOString();
const ctx = (minute = 0) => ({ actor: 'user:alice', causationId: 'c', occurredAt: at(minute) });
const ids = { alice: '00000000-0000-4000-8000-0000000000a1', bob: '00000000-0000-4000-8000-0000000000b1', carol: '00000000-0000-4000-8000-0000000000c1' };
const member = (name: keyof typeof ids, onCallOrder: number) => ({ personId: ids[name], onCallOrder, person: legacyPerson(ids[name], name, `http://${name}.example`) });
const team: Roster = { teamId: teamIdOf('payments'), name: 'payments', members: [member('alice', 1), member('bob', 2)] };
const database: Roster = { teamId: teamIdOf('database'), name: 'database', members: [member('carol', 1)] };

const page = (priority: PageOnCall['priority'] = 'P3'): PageOnCall => ({
  type: 'PageOnCall',
  incidentId,
  eventId: '00000000-0000-4000-8000-00000000000a',
  pageId: '00000000-0000-4000-8000-00000000000b',
  teamName: 'payments',
  team,
  priority,
  title: 'checkout down',
  route: 'rule r-1 v1',
  context: ctx(),
});
const ack = (minute = 1): AcknowledgeIncident => ({ type: 'AcknowledgeIncident', incidentId, eventId: `e-ack-${minute}`, by: 'alice', context: ctx(minute) });
const resolve = (minute = 2): ResolveIncident => ({ type: 'ResolveIncident', incidentId, eventId: `e-res-${minute}`, by: 'alice', context: ctx(minute) });
const move = (to: WorkingStatus, minute = 2): ChangeStatus => ({ type: 'ChangeStatus', incidentId, eventId: `e-${to}-${minute}`, to, by: 'alice', context: ctx(minute) });
const mitigate = (minute = 3): MitigateIncident => ({ type: 'MitigateIncident', incidentId, eventId: `e-mit-${minute}`, by: 'alice', note: 'rolled back', context: ctx(minute) });
const reopen = (minute: number, over: Partial<ReopenIncident> = {}): ReopenIncident => ({
  type: 'ReopenIncident',
  incidentId,
  eventId: `e-reopen-${minute}`,
  by: 'bob',
  reason: 'errors are back',
  windowMinutes: 60,
  context: ctx(minute),
  ...over,
});
const snooze = (minute: number, until: number): SnoozeIncident => ({ type: 'SnoozeIncident', incidentId, eventId: `e-snooze-${minute}`, by: 'alice', until: at(until), context: ctx(minute) });

/** Folds commands one after the other, each decided on the history so far. */
const run = (...commands: Parameters<typeof responseDecider.decide>[0][]): ResponseEvent[] =>
  commands.reduce<ResponseEvent[]>((history, command) => [...history, ...given(responseDecider, history).when(command).events], []);
const state = (history: ResponseEvent[]) => given(responseDecider, history).state();
const types = (events: ResponseEvent[]) => events.map((e) => e.type);

describe('response lifecycle: status', () => {
  it('given an acknowledged incident, when moved to investigating, then IncidentStatusChanged from acknowledged with the note, and the state says investigating', () => {
    const history = run(page(), ack());
    const events = given(responseDecider, history)
      .when({ ...move('investigating'), note: 'looking at the db' })
      .then([expect.objectContaining({ type: 'IncidentStatusChanged', data: { incidentId, from: 'acknowledged', to: 'investigating', by: 'alice', note: 'looking at the db' } })]);
    expect(state([...history, ...events])).toMatchObject({ status: 'investigating' });
  });

  it('given an acknowledged incident, when moved forward past a status (to monitoring), then it is allowed', () => {
    given(responseDecider, run(page(), ack())).when(move('monitoring')).then([expect.objectContaining({ data: expect.objectContaining({ from: 'acknowledged', to: 'monitoring' }) })]);
  });

  it('given a triggered incident, when moved, then not_acknowledged', () => {
    given(responseDecider, run(page())).when(move('investigating')).thenThrows(DomainError, 'not_acknowledged');
  });

  it('given an identified incident, when moved back to investigating, then status_backwards', () => {
    given(responseDecider, run(page(), ack(), move('identified'))).when(move('investigating', 3)).thenThrows(DomainError, 'status_backwards');
  });

  it('given an investigating incident, when moved to investigating, then same_status', () => {
    given(responseDecider, run(page(), ack(), move('investigating'))).when(move('investigating', 3)).thenThrows(DomainError, 'same_status');
  });

  it('given a resolved incident, when moved, then incident_resolved; given nothing, then not found', () => {
    given(responseDecider, run(page(), ack(), resolve())).when(move('monitoring', 3)).thenThrows(DomainError, 'incident_resolved');
    given(responseDecider).when(move('monitoring')).thenThrows(NotFoundError);
  });

  it('given a monitoring incident, when acknowledged again, then already_acknowledged; when resolved, then IncidentResolved', () => {
    const history = run(page(), ack(), move('monitoring'));
    given(responseDecider, history).when(ack(3)).thenThrows(DomainError, 'already_acknowledged');
    given(responseDecider, history).when(resolve(3)).then([expect.objectContaining({ type: 'IncidentResolved' })]);
  });
});

describe('response lifecycle: mitigation', () => {
  it('given a triggered incident, when mitigated, then IncidentMitigated at the command time, and the status does not move', () => {
    const history = run(page());
    const events = given(responseDecider, history)
      .when(mitigate())
      .then([expect.objectContaining({ type: 'IncidentMitigated', data: { incidentId, mitigatedAt: at(3), by: 'alice', note: 'rolled back' } })]);
    expect(state([...history, ...events])).toMatchObject({ status: 'triggered', mitigatedAt: at(3), mitigatedBy: 'alice' });
  });

  it('given a mitigated incident, when mitigated again, then already_mitigated; given a resolved one, then already_resolved', () => {
    given(responseDecider, run(page(), ack(), mitigate())).when(mitigate(4)).thenThrows(DomainError, 'already_mitigated');
    given(responseDecider, run(page(), ack(), resolve())).when(mitigate(4)).thenThrows(DomainError, 'already_resolved');
  });
});

describe('response lifecycle: reopen', () => {
  it('given an acknowledged then resolved incident, when reopened within the window, then IncidentReopened back to acknowledged, without paging anyone', () => {
    const history = run(page(), ack(), resolve(10));
    const events = given(responseDecider, history).when(reopen(70)).events;
    expect(types(events)).toEqual(['IncidentReopened']);
    expect(events[0].data).toMatchObject({ status: 'acknowledged', resolvedAt: at(10), escalationRestarted: false, by: 'bob', reason: 'errors are back' });
    expect(state([...history, ...events])).toMatchObject({ status: 'acknowledged', acknowledgedBy: 'alice', resolvedAt: null, reopenedAt: at(70) });
  });

  it('given a resolved incident nobody acknowledged, when reopened, then triggered and its escalation restarts from level 1 with ids of its own', () => {
    const history = run(page(), resolve(5));
    const levels = rosterPlan(team, 15, at(6)).levels;
    const events = given(responseDecider, history).when(reopen(6, { levels })).events;
    expect(types(events)).toEqual(['IncidentReopened', 'EscalationStarted', 'EscalationLevelReached', 'TimerScheduled', 'ResponderPaged']);
    expect(events[0].data).toMatchObject({ status: 'triggered', escalationRestarted: true });
    const ids = new Set(history.map((e) => e.id));
    expect(events.filter((e) => ids.has(e.id))).toEqual([]);
    const after = state([...history, ...events]);
    expect(after).toMatchObject({ status: 'triggered', escalation: { resolved: false, position: { repeat: 0, level: 1 }, levelsReached: 1, deadline: { dueAt: at(21) } } });
  });

  it('given a resolved incident, when reopened after the window, then reopen_window_passed; given one not resolved, then not_resolved', () => {
    given(responseDecider, run(page(), ack(), resolve(10))).when(reopen(71)).thenThrows(DomainError, 'reopen_window_passed');
    given(responseDecider, run(page(), ack())).when(reopen(3)).thenThrows(DomainError, 'not_resolved');
  });
});

describe('response lifecycle: reassign, escalate by hand, add responders', () => {
  const reassignTo = (minute: number, over: Partial<ReassignIncident> = {}): ReassignIncident => ({
    type: 'ReassignIncident',
    incidentId,
    eventId: `e-reassign-${minute}`,
    by: 'alice',
    to: { kind: 'team', id: database.teamId, name: 'database' },
    plan: rosterPlan(database, 15, at(minute)),
    context: ctx(minute),
    ...over,
  });

  it('given an acknowledged incident, when reassigned to a team, then its timers stop, a new escalation pages the team, and the incident is triggered with that team', () => {
    const history = run(page(), ack());
    const events = given(responseDecider, history).when(reassignTo(3)).events;
    expect(types(events)).toEqual(['IncidentReassigned', 'EscalationStarted', 'EscalationLevelReached', 'TimerScheduled', 'ResponderPaged']);
    expect(events.find((e) => e.type === 'ResponderPaged')?.data).toMatchObject({ responder: 'carol', team: 'database', teamId: database.teamId });
    expect(state([...history, ...events])).toMatchObject({ status: 'triggered', team: 'database', acknowledgedBy: null });
  });

  it('given a triggered incident, when reassigned, then the pending deadline is cancelled with it; to the team it is already paging, then already_assigned', () => {
    const events = given(responseDecider, run(page())).when(reassignTo(3)).events;
    expect(events[0]).toMatchObject({ type: 'TimerCancelled', data: { reason: 'reassigned' } });
    const self = reassignTo(3, { to: { kind: 'team', id: team.teamId, name: 'payments' }, plan: rosterPlan(team, 15, at(3)) });
    given(responseDecider, run(page())).when(self).thenThrows(DomainError, 'already_assigned');
  });

  const escalate = (minute: number, over: Partial<EscalateIncident> = {}): EscalateIncident => ({
    type: 'EscalateIncident',
    incidentId,
    by: 'alice',
    levels: [],
    context: ctx(minute),
    ...over,
  });

  it('given a triggered incident, when escalated by hand, then the pending deadline fires now and level 2 is paged: the events of a fired deadline', () => {
    const history = run(page());
    // Level 2 of the team's default policy, resolved as the application would: bob, by the policy's own directory.
    const { policy } = rosterPlan(team, 15, at(2));
    const level2 = resolveFrom(policy, { repeat: 0, level: 2 }, at(2), {
      person: (personId) => (personId === ids.bob ? { personId, name: 'bob', retired: false, rules: [{ contactMethodId: team.members[1].person!.contactMethods[0].id, contactKind: 'webhook', afterMinutes: 0 }] } : undefined),
      team: () => undefined,
      onCallAt: () => undefined,
    });
    // A due deadline and a hand escalation decide the same events.
    const byHand = given(responseDecider, history).when(escalate(2, { levels: level2 })).events;
    const deadline = state(history).escalation.deadline!;
    const fired: FireTimer = { type: 'FireTimer', incidentId, timerId: deadline.timerId, dueAt: deadline.dueAt, levels: level2, context: ctx(2) };
    expect(types(byHand)).toEqual(types(given(responseDecider, history).when(fired).events));
    expect(types(byHand)).toEqual(['TimerFired', 'EscalationLevelReached', 'TimerScheduled', 'ResponderPaged']);
    expect(byHand.find((e) => e.type === 'ResponderPaged')?.data).toMatchObject({ responder: 'bob', escalationLevel: 2 });
  });

  it('given an acknowledged incident, when escalated, then already_acknowledged; an exhausted one, escalation_not_running; a resolved one, already_resolved', () => {
    given(responseDecider, run(page(), ack())).when(escalate(2)).thenThrows(DomainError, 'already_acknowledged');
    given(responseDecider, run(page(), resolve())).when(escalate(3)).thenThrows(DomainError, 'already_resolved');
    const unrouted = given(responseDecider).when({ ...page(), team: undefined }).events;
    given(responseDecider, unrouted).when(escalate(2)).thenThrows(DomainError, 'escalation_not_running');
  });

  it('given an incident, when responders are added, then RespondersAdded and one ResponderPaged v3 each, with page ids of their own', () => {
    const add: AddResponders = {
      type: 'AddResponders',
      incidentId,
      eventId: 'e-add',
      by: 'alice',
      people: [{ personId: ids.carol, name: 'carol', contactMethodId: '00000000-0000-4000-8000-0000000000cc', contactKind: 'webhook' }],
      context: ctx(2),
    };
    const events = given(responseDecider, run(page(), ack())).when(add).events;
    expect(events.map((e) => `${e.type}.v${e.schemaVersion}`)).toEqual(['RespondersAdded.v1', 'ResponderPaged.v3']);
    expect(events[1].data).toMatchObject({ personId: ids.carol, responder: 'carol', reason: 'added to the response by alice', team: 'payments' });
    given(responseDecider, run(page(), resolve())).when({ ...add, context: ctx(3) }).thenThrows(DomainError, 'already_resolved');
  });
});

describe('response lifecycle: snooze', () => {
  it('given a triggered incident, when snoozed, then not_acknowledged', () => {
    given(responseDecider, run(page())).when(snooze(1, 30)).thenThrows(DomainError, 'not_acknowledged');
  });

  it('given an acknowledged incident, when snoozed, then IncidentSnoozed with a snooze timer due at `until`', () => {
    const history = run(page(), ack());
    const events = given(responseDecider, history).when(snooze(2, 30)).events;
    expect(types(events)).toEqual(['IncidentSnoozed', 'TimerScheduled']);
    expect(events[1].data).toMatchObject({ dueAt: at(30), purpose: 'snooze' });
    expect(state([...history, ...events])).toMatchObject({ status: 'acknowledged', snooze: { until: at(30) } });
  });

  it('when the snooze timer fires, then IncidentSnoozeEnded (elapsed) and who the last level paged is re-notified; a second firing decides nothing', () => {
    const history = run(page(), ack(), snooze(2, 30));
    const snoozed = state(history);
    if (snoozed.status === 'none' || !snoozed.snooze) throw new Error('not snoozed');
    const timer = snoozed.snooze;
    const fire: FireTimer = { type: 'FireTimer', incidentId, timerId: timer.timerId, dueAt: at(30), levels: [], context: { ...ctx(30), actor: 'system:coordination' } };
    const events = given(responseDecider, history).when(fire).events;
    expect(types(events)).toEqual(['TimerFired', 'IncidentSnoozeEnded', 'IncidentRenotified', 'ResponderPaged']);
    expect(events[1].data).toMatchObject({ cause: 'elapsed', snoozedUntil: at(30) });
    expect(events[3].data).toMatchObject({ responder: 'alice' });
    given(responseDecider, [...history, ...events]).when(fire).then([]);
  });

  it('resolving or unsnoozing cancels the snooze timer; unsnoozing what is not snoozed is not_snoozed', () => {
    const history = run(page(), ack(), snooze(2, 30));
    expect(types(given(responseDecider, history).when(resolve(3)).events)).toEqual(['IncidentResolved', 'TimerCancelled']);
    const unsnooze: UnsnoozeIncident = { type: 'UnsnoozeIncident', incidentId, eventId: 'e-unsnooze', by: 'alice', context: ctx(3) };
    const ended = given(responseDecider, history).when(unsnooze).events;
    expect(types(ended)).toEqual(['TimerCancelled', 'IncidentSnoozeEnded']);
    expect(ended[1].data).toMatchObject({ cause: 'unsnoozed' });
    given(responseDecider, [...history, ...ended]).when({ ...unsnooze, eventId: 'again' }).thenThrows(DomainError, 'not_snoozed');
  });
});

describe('response roles', () => {
  const assign = (role: AssignRole['role'], who: keyof typeof ids, n = 0): AssignRole => ({
    type: 'AssignRole',
    incidentId,
    eventId: `e-assign-${role}-${who}-${n}`,
    by: 'alice',
    role,
    person: { personId: ids[who], name: who },
    context: ctx(2),
  });
  const release = (role: ReleaseRole['role'], personId?: string): ReleaseRole => ({ type: 'ReleaseRole', incidentId, eventId: `e-release-${role}`, by: 'alice', role, ...(personId ? { personId } : {}), context: ctx(3) });

  it('given no commander, when one is assigned, then IncidentRoleAssigned without a previous holder; a second person hands it over', () => {
    const first = run(page('P1'), assign('commander', 'alice'));
    expect(first.at(-1)?.data).toEqual({ incidentId, role: 'commander', personId: ids.alice, name: 'alice', by: 'alice' });
    const handed = given(responseDecider, first).when(assign('commander', 'bob')).events;
    expect(handed[0].data).toMatchObject({ role: 'commander', personId: ids.bob, previousPersonId: ids.alice });
    expect(state([...first, ...handed])).toMatchObject({ roles: { commander: { personId: ids.bob, name: 'bob' } } });
  });

  it('the same person again is role_already_held; releasing a role nobody holds is role_not_held', () => {
    given(responseDecider, run(page(), assign('scribe', 'alice'))).when(assign('scribe', 'alice', 1)).thenThrows(DomainError, 'role_already_held');
    given(responseDecider, run(page())).when(release('communications-lead')).thenThrows(DomainError, 'role_not_held');
  });

  it('subject-matter experts are a list: each PUT adds one, a release names whose', () => {
    const history = run(page(), assign('subject-matter-expert', 'alice'), assign('subject-matter-expert', 'bob'));
    expect(state(history)).toMatchObject({ roles: { 'subject-matter-expert': [{ personId: ids.alice }, { personId: ids.bob }] } });
    given(responseDecider, history).when(release('subject-matter-expert')).thenThrows(DomainError, 'role_not_held');
    const events = given(responseDecider, history).when(release('subject-matter-expert', ids.alice)).events;
    expect(events[0]).toMatchObject({ type: 'IncidentRoleReleased', data: { role: 'subject-matter-expert', personId: ids.alice } });
    expect(state([...history, ...events])).toMatchObject({ roles: { 'subject-matter-expert': [{ personId: ids.bob }] } });
  });

  it('given nothing, when a role is assigned, then not found', () => {
    given(responseDecider).when(assign('commander', 'alice')).thenThrows(NotFoundError);
  });
});
