import { CommandContext, Decider, EventEnvelope, given, timerCancelled, timerEventId } from '@linchpin/eventsourcing';
import { IncidentAcknowledgedV1, IncidentResolvedV1, definitionOf } from '@linchpin/contracts';
import {
  breachLevelToResolve,
  escalationAcknowledged,
  escalationDeliveryFailed,
  escalationResolved,
  escalationSlaBreached,
  escalationTimerFired,
  levelToResolve,
  startEscalation,
} from './escalation';
import {
  ACKNOWLEDGEMENT_TIMEOUT,
  ESCALATION_DEADLINE,
  EscalationEvent,
  EscalationState,
  acknowledgementTimerId,
  deadlineTimerId,
  evolveEscalation,
  initialEscalation,
} from './escalation-state';
import { EscalationPolicySnapshot, FIRST_POSITION, defaultPolicyForTeam } from './escalation-policy';
import { EscalationDirectory, NotificationRule, ResolvedLevel, resolveFrom } from './resolve-level';

/*
 * The engine as the response decider will run it: a small test decider whose decisions are the
 * engine's functions, with the levels resolved (as the application's `prepare` will) from a fixed
 * directory at the command's time.
 */

const INCIDENT = '0b8f2a52-8f0e-4c1b-9a2d-3c7e5b8d4a10';
const ALICE = '11111111-1111-4111-8111-111111111111';
const BOB = '22222222-2222-4222-8222-222222222222';
const CAROL = '33333333-3333-4333-8333-333333333333';
const NIGHTS = '44444444-4444-4444-8444-444444444444';
const EMPTY_TEAM = '55555555-5555-4555-8555-555555555555';
const ALICE_HOOK = 'a1111111-1111-4111-8111-111111111111';
const ALICE_SLACK = 'a2222222-2222-4222-8222-222222222222';

const rule = (contactMethodId: string, afterMinutes = 0, contactKind: NotificationRule['contactKind'] = 'webhook'): NotificationRule => ({ contactMethodId, contactKind, afterMinutes });
const aliceRules = [rule(ALICE_HOOK), rule(ALICE_SLACK, 5, 'slack')];

const directory: EscalationDirectory = {
  person: (id) =>
    ({
      [ALICE]: { personId: ALICE, name: 'alice', retired: false, rules: aliceRules },
      [BOB]: { personId: BOB, name: 'bob', retired: false, rules: [rule('b1111111-1111-4111-8111-111111111111')] },
      [CAROL]: { personId: CAROL, name: 'carol', retired: true, rules: [rule('c1111111-1111-4111-8111-111111111111')] },
    })[id],
  team: (id) => (id === EMPTY_TEAM ? { teamId: EMPTY_TEAM, name: 'empty', version: 2, retired: false, memberIds: [] } : undefined),
  // The night schedule has a gap: nobody on call.
  onCallAt: (id) => (id === NIGHTS ? { scheduleId: NIGHTS, name: 'nights', version: 1, people: [] } : undefined),
};

/** L1 alice, L2 bob, L3 an empty team and a schedule gap, L4 carol (retired); once; re-notify after 30 min acknowledged. */
const policy: EscalationPolicySnapshot = {
  policyId: '66666666-6666-4666-8666-666666666666',
  version: 3,
  name: 'payments primary',
  source: 'policy',
  levels: [
    { targets: [{ kind: 'person', id: ALICE }], timeoutMinutes: 10 },
    { targets: [{ kind: 'person', id: BOB }], timeoutMinutes: 15 },
    { targets: [{ kind: 'team', id: EMPTY_TEAM }, { kind: 'schedule', id: NIGHTS }], timeoutMinutes: 5 },
    { targets: [{ kind: 'person', id: CAROL }], timeoutMinutes: 5 },
  ],
  repeat: 0,
  acknowledgementTimeoutMinutes: 30,
};

type Command =
  | { type: 'Start'; at: string; policy?: EscalationPolicySnapshot; levels?: ResolvedLevel[] }
  | { type: 'Fire'; at: string; timerId: string; dueAt: string }
  | { type: 'Acknowledge'; at: string }
  | { type: 'Resolve'; at: string }
  | { type: 'DeliveryFailed'; at: string; pageId: string; rules: NotificationRule[] }
  | { type: 'SlaBreached'; at: string; breachId: string };

const context = (at: string): CommandContext => ({ actor: 'system:coordination', causationId: 'cause', occurredAt: at });
const metadata = (at: string) => ({ ...context(at), incidentId: INCIDENT, correlationId: INCIDENT });

const engine: Decider<Command, EscalationState, EventEnvelope> = {
  initialState: initialEscalation,
  evolve: evolveEscalation,
  decide(command, state): EventEnvelope[] {
    const input = { incidentId: INCIDENT, context: context(command.at) };
    switch (command.type) {
      case 'Start': {
        const p = command.policy ?? policy;
        return startEscalation(state, { ...input, policy: p, fallbackTeam: 'operations', levels: command.levels ?? resolveFrom(p, FIRST_POSITION, command.at, directory) });
      }
      case 'Fire': {
        const from = levelToResolve(state, command.timerId);
        const levels = from && state.policy ? resolveFrom(state.policy, from, command.at, directory) : [];
        return escalationTimerFired(state, { ...input, timer: { timerId: command.timerId, dueAt: command.dueAt }, levels });
      }
      // The response decider appends the acknowledgement or resolution itself, with the engine's events.
      case 'Acknowledge':
        return [IncidentAcknowledgedV1.create('ack', { incidentId: INCIDENT, by: 'alice' }, metadata(command.at)), ...escalationAcknowledged(state, input)];
      case 'Resolve':
        return [IncidentResolvedV1.create('resolve', { incidentId: INCIDENT, by: 'alice' }, metadata(command.at)), ...escalationResolved(state, input)];
      case 'DeliveryFailed':
        return escalationDeliveryFailed(state, { ...input, pageId: command.pageId, rules: command.rules });
      case 'SlaBreached': {
        const from = breachLevelToResolve(state);
        const levels = from && state.policy ? resolveFrom(state.policy, from, command.at, directory) : [];
        const sla = { breachId: command.breachId, target: 'resolve' as const, priority: 'P1' as const };
        return escalationSlaBreached(state, { ...input, sla, why: 'SLA resolve breached', levels });
      }
    }
  },
};

const T0 = '2026-03-01T10:00:00.000Z';
const at = (minutes: number) => new Date(Date.parse(T0) + minutes * 60_000).toISOString();
const L1 = deadlineTimerId(INCIDENT, { repeat: 0, level: 1 });
const L2 = deadlineTimerId(INCIDENT, { repeat: 0, level: 2 });
const types = (events: readonly EventEnvelope[]) => events.map((e) => e.type);
const dataOf = (events: readonly EventEnvelope[], type: string) => events.find((e) => e.type === type)?.data as Record<string, unknown>;

/** Run commands in turn, each on the history so far; returns every event and the last decision's. */
const run = (...commands: Command[]) => {
  let history: EventEnvelope[] = [];
  let last: EventEnvelope[] = [];
  for (const command of commands) {
    last = given(engine, history).when(command).then((events) => events);
    history = [...history, ...last];
  }
  return { history, last, state: history.reduce(evolveEscalation, initialEscalation) };
};

describe('the escalation engine', () => {
  it('given a policy, when the escalation starts, then level 1 is paged at once with its deadline', () => {
    const { last, state } = run({ type: 'Start', at: T0 });
    expect(types(last)).toEqual(['EscalationStarted', 'EscalationLevelReached', 'TimerScheduled']);
    expect(dataOf(last, 'EscalationLevelReached')).toMatchObject({
      incidentId: INCIDENT,
      policy: { policyId: policy.policyId, version: 3, name: 'payments primary' },
      level: 1,
      repeat: 0,
      paged: [{ personId: ALICE, name: 'alice', contactMethodId: ALICE_HOOK, contactKind: 'webhook', via: { kind: 'person', id: ALICE } }],
      skipped: [],
      deadlineAt: at(10),
    });
    expect(dataOf(last, 'TimerScheduled')).toEqual({ timerId: L1, dueAt: at(10), purpose: ESCALATION_DEADLINE, details: { repeat: 0, level: 1 } });
    expect(state).toMatchObject({ position: { repeat: 0, level: 1 }, deadline: { timerId: L1, dueAt: at(10) }, acknowledged: false, exhausted: false });
  });

  it('the pinned story: nobody acknowledges → L1, then L2 at its deadline, a level with nobody skipped (with the reasons), a retired person skipped, exhausted → the fallback team', () => {
    const { history } = run(
      { type: 'Start', at: T0 },
      { type: 'Fire', at: at(10), timerId: L1, dueAt: at(10) },
      { type: 'Fire', at: at(25), timerId: L2, dueAt: at(25) },
    );
    expect(types(history)).toEqual([
      'EscalationStarted',
      'EscalationLevelReached',
      'TimerScheduled',
      'TimerFired',
      'EscalationLevelReached',
      'TimerScheduled',
      'TimerFired',
      'EscalationLevelSkipped',
      'EscalationLevelSkipped',
      'EscalationExhausted',
    ]);
    const reached = history.filter((e) => e.type === 'EscalationLevelReached').map((e) => e.data as { level: number; paged: { name: string }[]; deadlineAt: string });
    expect(reached.map((r) => [r.level, r.paged.map((p) => p.name), r.deadlineAt])).toEqual([
      [1, ['alice'], at(10)],
      [2, ['bob'], at(25)],
    ]);
    const skipped = history.filter((e) => e.type === 'EscalationLevelSkipped').map((e) => e.data as { level: number; skipped: unknown[]; reason: string });
    expect(skipped[0]).toMatchObject({
      level: 3,
      skipped: [
        { target: { kind: 'team', id: EMPTY_TEAM }, reason: 'team "empty" has no members' },
        { target: { kind: 'schedule', id: NIGHTS }, reason: `schedule gap: nobody is on call on schedule "nights" at ${at(25)}` },
      ],
    });
    expect(skipped[0].reason).toContain('level 3 of 4 resolved to nobody');
    expect(skipped[1]).toMatchObject({ level: 4, skipped: [{ target: { kind: 'person', id: CAROL }, reason: 'person "carol" retired' }] });
    expect(dataOf(history, 'EscalationExhausted')).toMatchObject({ incidentId: INCIDENT, fallbackTeam: 'operations', levelsReached: 2, levelsSkipped: 2 });
    expect((dataOf(history, 'EscalationExhausted') as { reason: string }).reason).toContain(`paging the default route's team "operations"`);
    expect(history.reduce(evolveEscalation, initialEscalation)).toMatchObject({ exhausted: true, deadline: null });
  });

  it('given the last level of a pass, when its deadline fires, then the next pass starts at level 1', () => {
    const twice: EscalationPolicySnapshot = { ...policy, levels: policy.levels.slice(0, 2), repeat: 1 };
    const { last } = run(
      { type: 'Start', at: T0, policy: twice },
      { type: 'Fire', at: at(10), timerId: L1, dueAt: at(10) },
      { type: 'Fire', at: at(25), timerId: L2, dueAt: at(25) },
    );
    expect(types(last)).toEqual(['TimerFired', 'EscalationLevelReached', 'TimerScheduled']);
    expect(dataOf(last, 'EscalationLevelReached')).toMatchObject({ level: 1, repeat: 1, paged: [{ name: 'alice' }] });
    expect(dataOf(last, 'TimerScheduled')).toMatchObject({ timerId: deadlineTimerId(INCIDENT, { repeat: 1, level: 1 }) });
  });

  it('given a policy whose every level resolves to nobody, when started, then one pass is skipped and it is exhausted at once (no skip per repeat)', () => {
    const nobody: EscalationPolicySnapshot = { ...policy, levels: policy.levels.slice(2), repeat: 9 };
    const { last } = run({ type: 'Start', at: T0, policy: nobody });
    expect(types(last)).toEqual(['EscalationStarted', 'EscalationLevelSkipped', 'EscalationLevelSkipped', 'EscalationExhausted']);
    expect((dataOf(last, 'EscalationExhausted') as { reason: string }).reason).toContain('no level of the policy has anyone to page');
  });

  it('given a level deadline, when it fires twice (a duplicated fire), then the second decides nothing', () => {
    const { history } = run({ type: 'Start', at: T0 }, { type: 'Fire', at: at(10), timerId: L1, dueAt: at(10) });
    given(engine, history).when({ type: 'Fire', at: at(11), timerId: L1, dueAt: at(10) }).then([]);
  });

  it('given a paged level, when the incident is acknowledged, then its deadline is cancelled (made moot), the acknowledgement timeout scheduled, and the old deadline firing decides nothing', () => {
    const { history, last, state } = run({ type: 'Start', at: T0 }, { type: 'Acknowledge', at: at(3) });
    expect(last.slice(1)).toEqual([
      timerCancelled(L1, 'acknowledged', metadata(at(3))),
      expect.objectContaining({ type: 'TimerScheduled', data: { timerId: acknowledgementTimerId(INCIDENT, 0), dueAt: at(33), purpose: ACKNOWLEDGEMENT_TIMEOUT, details: { n: 0 } } }),
    ]);
    expect(last[1].id).toBe(timerEventId(L1, 'cancelled'));
    expect(state).toMatchObject({ acknowledged: true, deadline: null });
    given(engine, history).when({ type: 'Fire', at: at(10), timerId: L1, dueAt: at(10) }).then([]);
  });

  it('given an acknowledged incident, when the acknowledgement timeout fires, then who the last level paged is re-notified, and the next timeout scheduled; again after that', () => {
    const ack0 = acknowledgementTimerId(INCIDENT, 0);
    const ack1 = acknowledgementTimerId(INCIDENT, 1);
    const { last, history } = run({ type: 'Start', at: T0 }, { type: 'Acknowledge', at: at(3) }, { type: 'Fire', at: at(33), timerId: ack0, dueAt: at(33) });
    expect(types(last)).toEqual(['TimerFired', 'IncidentRenotified', 'TimerScheduled']);
    expect(dataOf(last, 'IncidentRenotified')).toMatchObject({ incidentId: INCIDENT, cause: 'acknowledgement-timeout', notified: [{ personId: ALICE, name: 'alice', contactMethodId: ALICE_HOOK }] });
    expect(dataOf(last, 'TimerScheduled')).toMatchObject({ timerId: ack1, dueAt: at(63), purpose: ACKNOWLEDGEMENT_TIMEOUT });
    const again = given(engine, history).when({ type: 'Fire', at: at(63), timerId: ack1, dueAt: at(63) }).then((events) => events);
    expect(types(again)).toEqual(['TimerFired', 'IncidentRenotified', 'TimerScheduled']);
    expect((dataOf(again, 'IncidentRenotified') as { notified: { pageId: string }[] }).notified[0].pageId).not.toBe(
      (dataOf(last, 'IncidentRenotified') as { notified: { pageId: string }[] }).notified[0].pageId,
    );
  });

  it('given a policy without an acknowledgement timeout, when acknowledged, then only the deadline is cancelled', () => {
    const { acknowledgementTimeoutMinutes: _none, ...quiet } = policy;
    const { last } = run({ type: 'Start', at: T0, policy: quiet }, { type: 'Acknowledge', at: at(3) });
    expect(types(last)).toEqual(['IncidentAcknowledged', 'TimerCancelled']);
  });

  it('given an acknowledged incident, when resolved, then the acknowledgement timeout is cancelled and firing it decides nothing', () => {
    const ack0 = acknowledgementTimerId(INCIDENT, 0);
    const { last, history } = run({ type: 'Start', at: T0 }, { type: 'Acknowledge', at: at(3) }, { type: 'Resolve', at: at(20) });
    expect(last.slice(1)).toEqual([timerCancelled(ack0, 'resolved', metadata(at(20)))]);
    given(engine, history).when({ type: 'Fire', at: at(33), timerId: ack0, dueAt: at(33) }).then([]);
  });

  it('given a paged level, when resolved unacknowledged, then the deadline is cancelled', () => {
    const { last } = run({ type: 'Start', at: T0 }, { type: 'Resolve', at: at(4) });
    expect(last.slice(1)).toEqual([timerCancelled(L1, 'resolved', metadata(at(4)))]);
  });

  it('given an escalation already started, when started again (a redelivered triage), then nothing is decided', () => {
    const { history } = run({ type: 'Start', at: T0 });
    given(engine, history).when({ type: 'Start', at: at(1) }).then([]);
  });

  it('given a page, when its delivery fails, then the person is notified at once through their next contact method; a second failure of that page decides nothing', () => {
    const { history, state } = run({ type: 'Start', at: T0 });
    const [page] = state.current;
    const failover = given(engine, history).when({ type: 'DeliveryFailed', at: at(1), pageId: page.pageId, rules: aliceRules }).then((events) => events);
    expect(types(failover)).toEqual(['IncidentRenotified']);
    expect(failover[0].data).toMatchObject({ cause: 'delivery-failed', failedPageId: page.pageId, notified: [{ personId: ALICE, contactMethodId: ALICE_SLACK, contactKind: 'slack' }] });
    const after = [...history, ...failover];
    given(engine, after).when({ type: 'DeliveryFailed', at: at(2), pageId: page.pageId, rules: aliceRules }).then([]);
    // The slack page fails too: no contact method left that has not failed.
    const slackPage = (failover[0].data as { notified: { pageId: string }[] }).notified[0].pageId;
    given(engine, after).when({ type: 'DeliveryFailed', at: at(2), pageId: slackPage, rules: aliceRules }).then([]);
  });

  it('given an acknowledged incident, when a page sent before the acknowledgement fails, then nothing is decided (someone is on it)', () => {
    const { history, state } = run({ type: 'Start', at: T0 }, { type: 'Acknowledge', at: at(3) });
    given(engine, history).when({ type: 'DeliveryFailed', at: at(4), pageId: state.current[0].pageId, rules: aliceRules }).then([]);
  });

  describe('an SLA breach of an acknowledged incident (issue 13)', () => {
    const BREACH = '77777777-7777-4777-8777-777777777777';
    const SECOND = '88888888-8888-4888-8888-888888888888';

    it('given level 1 acknowledged, when an SLA target is breached, then level 2 is reached with no deadline and the breach recorded; its people join the response', () => {
      const { last, state } = run({ type: 'Start', at: T0 }, { type: 'Acknowledge', at: at(3) }, { type: 'SlaBreached', at: at(240), breachId: BREACH });
      expect(types(last)).toEqual(['EscalationLevelReached']);
      expect(last[0].schemaVersion).toBe(4);
      expect(dataOf(last, 'EscalationLevelReached')).toMatchObject({ level: 2, repeat: 0, deadlineAt: null, sla: { breachId: BREACH, target: 'resolve', priority: 'P1' }, paged: [{ name: 'bob' }] });
      expect((dataOf(last, 'EscalationLevelReached') as { reason: string }).reason).toMatch(/^SLA resolve breached: level 2 of 4 of policy "payments primary" v3 paged bob/);
      expect(state).toMatchObject({ position: { repeat: 0, level: 2 }, deadline: null, acknowledged: true, levelsReached: 2 });
      expect(state.current.map((p) => p.name)).toEqual(['alice', 'bob']);
    });

    it('given level 2 reached by a breach, when the acknowledgement timeout fires, then both levels’ people are re-notified', () => {
      const ack0 = acknowledgementTimerId(INCIDENT, 0);
      const { last } = run({ type: 'Start', at: T0 }, { type: 'Acknowledge', at: at(3) }, { type: 'SlaBreached', at: at(20), breachId: BREACH }, { type: 'Fire', at: at(33), timerId: ack0, dueAt: at(33) });
      expect((dataOf(last, 'IncidentRenotified') as { notified: { name: string }[] }).notified.map((p) => p.name)).toEqual(['alice', 'bob']);
    });

    it('given level 2 reached by a breach, when a second breach finds only levels with nobody left, then they are skipped with the reasons and nothing is reached; after that there is no next level', () => {
      const { last, state } = run(
        { type: 'Start', at: T0 },
        { type: 'Acknowledge', at: at(3) },
        { type: 'SlaBreached', at: at(30), breachId: BREACH },
        { type: 'SlaBreached', at: at(240), breachId: SECOND },
      );
      expect(types(last)).toEqual(['EscalationLevelSkipped', 'EscalationLevelSkipped']);
      expect(last.map((e) => (e.data as { level: number }).level)).toEqual([3, 4]);
      expect((last[1].data as { reason: string }).reason).toContain('person "carol" retired');
      expect(state).toMatchObject({ position: { repeat: 0, level: 4 }, exhausted: false });
      expect(breachLevelToResolve(state)).toBeNull();
    });

    it('has no next level before an acknowledgement, once resolved, or on a repeat pass (every level already reached once)', () => {
      expect(breachLevelToResolve(run({ type: 'Start', at: T0 }).state)).toBeNull();
      expect(breachLevelToResolve(run({ type: 'Start', at: T0 }, { type: 'Acknowledge', at: at(3) }, { type: 'Resolve', at: at(4) }).state)).toBeNull();
      const twice: EscalationPolicySnapshot = { ...policy, levels: policy.levels.slice(0, 2), repeat: 1 };
      const onRepeat = run(
        { type: 'Start', at: T0, policy: twice },
        { type: 'Fire', at: at(10), timerId: L1, dueAt: at(10) },
        { type: 'Fire', at: at(25), timerId: L2, dueAt: at(25) },
        { type: 'Acknowledge', at: at(26) },
      ).state;
      expect(onRepeat.position).toEqual({ repeat: 1, level: 1 });
      expect(breachLevelToResolve(onRepeat)).toBeNull();
    });
  });

  it('refuses to decide a level it was not given resolved (a wiring error, never a silent skip)', () => {
    given(engine).when({ type: 'Start', at: T0, levels: [] }).thenThrows(Error);
  });
});

describe('the default policy of a legacy team', () => {
  const team = { teamId: '77777777-7777-4777-8777-777777777777', name: 'payments', version: 4, members: [{ personId: BOB, onCallOrder: 2 }, { personId: ALICE, onCallOrder: 1 }] };

  it('has one level per member in on-call order, the configured minutes apart, run once', () => {
    expect(defaultPolicyForTeam(team, 15)).toMatchObject({
      version: 4,
      source: 'team-default',
      repeat: 0,
      levels: [
        { targets: [{ kind: 'person', id: ALICE }], timeoutMinutes: 15 },
        { targets: [{ kind: 'person', id: BOB }], timeoutMinutes: 15 },
      ],
    });
    expect(defaultPolicyForTeam(team, 15).policyId).toBe(defaultPolicyForTeam({ ...team, version: 5 }, 5).policyId);
  });

  it('so a team of two always escalates to the second', () => {
    const p = defaultPolicyForTeam(team, 15);
    const { last } = run({ type: 'Start', at: T0, policy: p }, { type: 'Fire', at: at(15), timerId: L1, dueAt: at(15) });
    expect(dataOf(last, 'EscalationLevelReached')).toMatchObject({ level: 2, paged: [{ name: 'bob' }] });
  });

  it('of a team without members exhausts at once, naming the fallback', () => {
    const { last } = run({ type: 'Start', at: T0, policy: defaultPolicyForTeam({ ...team, members: [] }, 15) });
    expect(types(last)).toEqual(['EscalationStarted', 'EscalationExhausted']);
    expect((dataOf(last, 'EscalationExhausted') as { reason: string }).reason).toContain('the policy has no levels');
  });
});

describe('what the engine appends', () => {
  it('is a valid published contract (or a kernel timer event) in every story above', () => {
    const ack0 = acknowledgementTimerId(INCIDENT, 0);
    const stories = [
      run({ type: 'Start', at: T0 }, { type: 'Fire', at: at(10), timerId: L1, dueAt: at(10) }, { type: 'Fire', at: at(25), timerId: L2, dueAt: at(25) }).history,
      run({ type: 'Start', at: T0 }, { type: 'Acknowledge', at: at(3) }, { type: 'Fire', at: at(33), timerId: ack0, dueAt: at(33) }).history,
      run({ type: 'Start', at: T0 }, { type: 'Acknowledge', at: at(3) }, { type: 'SlaBreached', at: at(240), breachId: '77777777-7777-4777-8777-777777777777' }).history,
    ];
    const { history, state } = run({ type: 'Start', at: T0 });
    stories.push(given(engine, history).when({ type: 'DeliveryFailed', at: at(1), pageId: state.current[0].pageId, rules: aliceRules }).then((e) => e));
    const events: EscalationEvent[] = stories.flat().filter((e): e is EscalationEvent => !['IncidentAcknowledged', 'IncidentResolved'].includes(e.type));
    for (const event of events) {
      if (event.type.startsWith('Timer')) continue;
      expect([event.type, definitionOf(event.type, event.schemaVersion)?.validate(event.data)]).toEqual([event.type, []]);
    }
    expect(new Set(events.map((e) => e.type))).toEqual(
      new Set(['EscalationStarted', 'EscalationLevelReached', 'EscalationLevelSkipped', 'EscalationExhausted', 'IncidentRenotified', 'TimerScheduled', 'TimerFired', 'TimerCancelled']),
    );
  });
});
