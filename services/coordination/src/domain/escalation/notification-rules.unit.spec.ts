import { CommandContext, Decider, EventEnvelope, given, timerCancelled } from '@linchpin/eventsourcing';
import { IncidentAcknowledgedV1, IncidentResolvedV1, definitionOf } from '@linchpin/contracts';
import {
  NotificationRulesByPerson,
  escalationAcknowledged,
  escalationDeliveryFailed,
  escalationResolved,
  escalationTimerFired,
  levelToResolve,
  ruleTimerPerson,
  startEscalation,
} from './escalation';
import {
  EscalationState,
  NOTIFICATION_RULE,
  deadlineTimerId,
  evolveEscalation,
  initialEscalation,
  notificationRuleTimerId,
} from './escalation-state';
import { EscalationPolicySnapshot, FIRST_POSITION } from './escalation-policy';
import { EscalationDirectory, NotificationRule, notificationRulesOf, resolveFrom } from './resolve-level';

/*
 * A paged person's notification rules over time, as the application runs the engine: the levels and
 * the paged people's rules read from the directory before deciding, and a rule's firing given the
 * person's rules as they stand then.
 */

const INCIDENT = '0b8f2a52-8f0e-4c1b-9a2d-3c7e5b8d4a10';
const ALICE = '11111111-1111-4111-8111-111111111111';
const BOB = '22222222-2222-4222-8222-222222222222';
const HOOK = 'a1111111-1111-4111-8111-111111111111';
const SLACK = 'a2222222-2222-4222-8222-222222222222';
const MAIL = 'a3333333-3333-4333-8333-333333333333';
const PHONE_HOOK = 'a4444444-4444-4444-8444-444444444444';
const BOB_HOOK = 'b1111111-1111-4111-8111-111111111111';

const rule = (contactMethodId: string, afterMinutes: number, contactKind: NotificationRule['contactKind']): NotificationRule => ({ contactMethodId, contactKind, afterMinutes });
/** Alice: webhook at once, a second webhook also at once (a failover's, never timed), Slack after 5, email after 15. */
const aliceRules = [rule(MAIL, 15, 'email'), rule(HOOK, 0, 'webhook'), rule(SLACK, 5, 'slack'), rule(PHONE_HOOK, 0, 'webhook')];

const directoryWith = (alice: readonly NotificationRule[]): EscalationDirectory => ({
  person: (id) =>
    ({
      [ALICE]: { personId: ALICE, name: 'alice', retired: false, rules: alice },
      [BOB]: { personId: BOB, name: 'bob', retired: false, rules: [rule(BOB_HOOK, 0, 'webhook')] },
    })[id],
  team: () => undefined,
  onCallAt: () => undefined,
});
const directory = directoryWith(aliceRules);

/** L1 alice (10 min), L2 bob (10 min), once. */
const policy: EscalationPolicySnapshot = {
  policyId: '66666666-6666-4666-8666-666666666666',
  version: 1,
  name: 'payments primary',
  source: 'policy',
  levels: [
    { targets: [{ kind: 'person', id: ALICE }], timeoutMinutes: 10 },
    { targets: [{ kind: 'person', id: BOB }], timeoutMinutes: 10 },
  ],
  repeat: 0,
};

type Command =
  | { type: 'Start'; at: string; policy?: EscalationPolicySnapshot }
  /** `rules`: the notified person's rules now, for a rule timer (default: the directory's); `none` passes none (a wiring error). */
  | { type: 'Fire'; at: string; timerId: string; dueAt: string; rules?: NotificationRule[] | 'none' }
  | { type: 'Acknowledge'; at: string }
  | { type: 'Resolve'; at: string }
  | { type: 'DeliveryFailed'; at: string; pageId: string };

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
        const levels = resolveFrom(p, FIRST_POSITION, command.at, directory);
        return startEscalation(state, { ...input, policy: p, fallbackTeam: 'operations', levels, notificationRules: notificationRulesOf(levels, directory) });
      }
      case 'Fire': {
        const from = levelToResolve(state, command.timerId);
        const levels = from && state.policy ? resolveFrom(state.policy, from, command.at, directory) : [];
        const person = ruleTimerPerson(state, command.timerId);
        let notificationRules: NotificationRulesByPerson | undefined = notificationRulesOf(levels, directory);
        if (person !== undefined) notificationRules = command.rules === 'none' ? undefined : { [person]: command.rules ?? directory.person(person)?.rules ?? [] };
        return escalationTimerFired(state, { ...input, timer: { timerId: command.timerId, dueAt: command.dueAt }, levels, ...(notificationRules ? { notificationRules } : {}) });
      }
      case 'Acknowledge':
        return [IncidentAcknowledgedV1.create('ack', { incidentId: INCIDENT, by: 'alice' }, metadata(command.at)), ...escalationAcknowledged(state, input)];
      case 'Resolve':
        return [IncidentResolvedV1.create('resolve', { incidentId: INCIDENT, by: 'alice' }, metadata(command.at)), ...escalationResolved(state, input)];
      case 'DeliveryFailed':
        return escalationDeliveryFailed(state, { ...input, pageId: command.pageId, rules: aliceRules });
    }
  },
};

const T0 = '2026-03-01T10:00:00.000Z';
const at = (minutes: number) => new Date(Date.parse(T0) + minutes * 60_000).toISOString();
const types = (events: readonly EventEnvelope[]) => events.map((e) => e.type);
const ofType = (events: readonly EventEnvelope[], type: string) => events.filter((e) => e.type === type).map((e) => e.data as Record<string, unknown>);

const run = (...commands: Command[]) => {
  let history: EventEnvelope[] = [];
  let last: EventEnvelope[] = [];
  for (const command of commands) {
    last = given(engine, history).when(command).then((events) => events);
    history = [...history, ...last];
  }
  return { history, last, state: history.reduce(evolveEscalation, initialEscalation) };
};

/** Alice's level-1 page and the timers of her Slack (rule index 2 in order: after both minute-0 webhooks) and email (index 3) rules. */
const started = run({ type: 'Start', at: T0 });
const alicePage = started.state.current[0].pageId;
const SLACK_RULE = notificationRuleTimerId(alicePage, 2);
const MAIL_RULE = notificationRuleTimerId(alicePage, 3);
const fire = (timerId: string, minutes: number, rules?: NotificationRule[] | 'none'): Command => ({ type: 'Fire', at: at(minutes), timerId, dueAt: at(minutes), ...(rules ? { rules } : {}) });

describe('notification rules over time', () => {
  it('given a person with later rules, when a level pages them, then one timer per later rule is scheduled from the page (ids from the page and the rule), in the same append', () => {
    expect(types(started.last)).toEqual(['EscalationStarted', 'EscalationLevelReached', 'TimerScheduled', 'TimerScheduled', 'TimerScheduled']);
    expect(ofType(started.last, 'EscalationLevelReached')[0]).toMatchObject({ paged: [{ personId: ALICE, contactMethodId: HOOK }] });
    const rules = ofType(started.last, 'TimerScheduled').filter((t) => t.purpose === NOTIFICATION_RULE);
    // The second rule at minute 0 is no timed rule: the page used the first; it stays for a failover.
    expect(rules).toEqual([
      { timerId: SLACK_RULE, dueAt: at(5), purpose: NOTIFICATION_RULE, details: expect.objectContaining({ rule: { index: 2, contactMethodId: SLACK, contactKind: 'slack', afterMinutes: 5 } }) },
      { timerId: MAIL_RULE, dueAt: at(15), purpose: NOTIFICATION_RULE, details: expect.objectContaining({ rule: { index: 3, contactMethodId: MAIL, contactKind: 'email', afterMinutes: 15 } }) },
    ]);
    expect(Object.keys(started.state.ruleTimers).sort()).toEqual([SLACK_RULE, MAIL_RULE].sort());
  });

  it('given the page unacknowledged, when a later rule comes due, then the person is notified through its contact method (IncidentRenotified v4, cause notification-rule, a derived page id); a second firing decides nothing', () => {
    const { history, last } = run({ type: 'Start', at: T0 }, fire(SLACK_RULE, 5));
    expect(types(last)).toEqual(['TimerFired', 'IncidentRenotified']);
    expect(last[1].schemaVersion).toBe(4);
    expect(last[1].data).toMatchObject({
      incidentId: INCIDENT,
      cause: 'notification-rule',
      notified: [{ personId: ALICE, name: 'alice', contactMethodId: SLACK, contactKind: 'slack', via: { kind: 'person', id: ALICE } }],
      rule: { pageId: alicePage, index: 2, afterMinutes: 5 },
    });
    const pageId = (last[1].data as { notified: { pageId: string }[] }).notified[0].pageId;
    expect(pageId).not.toBe(alicePage);
    expect(run({ type: 'Start', at: T0 }, fire(SLACK_RULE, 5)).last[1].data).toMatchObject({ notified: [{ pageId }] });
    given(engine, history).when(fire(SLACK_RULE, 6)).then([]);
  });

  it('given the page acknowledged, then the acknowledgement cancels every pending rule in its append, and a rule firing later decides nothing', () => {
    const { history, last } = run({ type: 'Start', at: T0 }, { type: 'Acknowledge', at: at(3) });
    expect(last).toEqual([
      expect.objectContaining({ type: 'IncidentAcknowledged' }),
      timerCancelled(deadlineTimerId(INCIDENT, FIRST_POSITION), 'acknowledged', metadata(at(3))),
      timerCancelled(SLACK_RULE, 'acknowledged', metadata(at(3))),
      timerCancelled(MAIL_RULE, 'acknowledged', metadata(at(3))),
    ]);
    given(engine, history).when(fire(SLACK_RULE, 5)).then([]);
  });

  it('given a rule already notified, when the incident is resolved, then only the rules still pending are cancelled', () => {
    const { last } = run({ type: 'Start', at: T0 }, fire(SLACK_RULE, 5), { type: 'Resolve', at: at(7) });
    expect(last.slice(1)).toEqual([timerCancelled(deadlineTimerId(INCIDENT, FIRST_POSITION), 'resolved', metadata(at(7))), timerCancelled(MAIL_RULE, 'resolved', metadata(at(7)))]);
  });

  it('given the escalation moves on to the next level, then the earlier page’s pending rules are cancelled in that append (the incident is the next level’s now)', () => {
    const { history, last } = run({ type: 'Start', at: T0 }, fire(SLACK_RULE, 5), fire(deadlineTimerId(INCIDENT, FIRST_POSITION), 10));
    expect(types(last)).toEqual(['TimerFired', 'TimerCancelled', 'EscalationLevelReached', 'TimerScheduled']);
    expect(last[1]).toEqual(timerCancelled(MAIL_RULE, 'escalated', metadata(at(10))));
    given(engine, history).when(fire(MAIL_RULE, 15)).then([]);
  });

  it('given a failover already used the rule’s contact method for the page, when the rule comes due, then it is not used twice (the later rules still are)', () => {
    // Alice's webhook failed, then her second webhook: she was moved on to the next rule not yet used for this page, Slack.
    const first = run({ type: 'Start', at: T0 }, { type: 'DeliveryFailed', at: at(1), pageId: alicePage });
    const [phone] = ofType(first.last, 'IncidentRenotified')[0].notified as { pageId: string; contactMethodId: string }[];
    expect(phone.contactMethodId).toBe(PHONE_HOOK);
    const last = given(engine, first.history).when({ type: 'DeliveryFailed', at: at(2), pageId: phone.pageId }).then((events) => events);
    expect(ofType(last, 'IncidentRenotified')[0]).toMatchObject({ cause: 'delivery-failed', notified: [{ contactMethodId: SLACK }] });
    const history = [...first.history, ...last];
    const slackDue = given(engine, history).when(fire(SLACK_RULE, 5)).then((events) => events);
    expect(types(slackDue)).toEqual(['TimerFired']);
    const mailDue = given(engine, [...history, ...slackDue]).when(fire(MAIL_RULE, 15)).then((events) => events);
    expect(ofType(mailDue, 'IncidentRenotified')[0]).toMatchObject({ cause: 'notification-rule', notified: [{ contactMethodId: MAIL }] });
  });

  it('given a rule already notified the person through Slack, when the level’s page fails, then the failover skips Slack for the next contact method', () => {
    const { history } = run({ type: 'Start', at: T0 }, fire(SLACK_RULE, 5));
    const failover = given(engine, history).when({ type: 'DeliveryFailed', at: at(6), pageId: alicePage }).then((events) => events);
    expect(ofType(failover, 'IncidentRenotified')[0]).toMatchObject({ cause: 'delivery-failed', notified: [{ contactMethodId: PHONE_HOOK }] });
  });

  it('given the person no longer has the rule’s contact method (or was retired), when the rule comes due, then nobody is notified and the timer ends', () => {
    const { last } = run({ type: 'Start', at: T0 }, fire(SLACK_RULE, 5, [rule(HOOK, 0, 'webhook')]));
    expect(types(last)).toEqual(['TimerFired']);
  });

  it('refuses to decide a rule whose person’s rules were not read (a wiring error, never a silent skip)', () => {
    given(engine, started.history).when(fire(SLACK_RULE, 5, 'none')).thenThrows(Error);
  });

  it('given a person with a single rule, then nothing is scheduled beyond the level’s deadline', () => {
    const bobFirst: EscalationPolicySnapshot = { ...policy, levels: [policy.levels[1]] };
    expect(types(run({ type: 'Start', at: T0, policy: bobFirst }).last)).toEqual(['EscalationStarted', 'EscalationLevelReached', 'TimerScheduled']);
  });

  it('appends only valid contracts (IncidentRenotified v4) and kernel timer events', () => {
    const { history } = run({ type: 'Start', at: T0 }, fire(SLACK_RULE, 5), { type: 'DeliveryFailed', at: at(6), pageId: alicePage });
    for (const event of history) {
      if (event.type.startsWith('Timer')) continue;
      expect([event.type, definitionOf(event.type, event.schemaVersion)?.validate(event.data)]).toEqual([event.type, []]);
    }
  });
});
