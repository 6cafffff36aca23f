import { given } from '@linchpin/eventsourcing';
import { AcknowledgeIncident, PageOnCall, ResolveIncident, RespondToSlaBreach, ResponseEvent, Roster, SnoozeIncident, responseDecider, rosterPlan } from './response.decider';
import { teamIdOf } from './team.decider';
import { EscalationDirectory, resolveFrom } from './escalation';
import { legacyPerson } from './person.decider';
import { MergeIncident } from './response-merge';

const incidentId = '21111111-1111-4111-8111-111111111111';
const breachId = '31111111-1111-4111-8111-111111111111';
const at = (minute: number) => new Date(Date.parse('2026-01-01T00:00:00.000Z') + minute * 60_000).toISOString();
const ctx = (minute = 0, causationId = 'c') => ({ actor: 'system:coordination', causationId, occurredAt: at(minute) });
const ids = { alice: '00000000-0000-4000-8000-0000000000a1', bob: '00000000-0000-4000-8000-0000000000b1' };
const member = (name: keyof typeof ids, onCallOrder: number) => ({ personId: ids[name], onCallOrder, person: legacyPerson(ids[name], name, `http://${name}.example`) });
const team: Roster = { teamId: teamIdOf('payments'), name: 'payments', members: [member('alice', 1), member('bob', 2)] };
const page: PageOnCall = {
  type: 'PageOnCall',
  incidentId,
  eventId: '00000000-0000-4000-8000-00000000000a',
  pageId: '00000000-0000-4000-8000-00000000000b',
  teamName: 'payments',
  team,
  priority: 'P1',
  title: 'checkout down',
  route: 'rule r-1 v1',
  context: ctx(),
};
const ack: AcknowledgeIncident = { type: 'AcknowledgeIncident', incidentId, eventId: 'e-ack', by: 'alice', context: ctx(1) };
const resolve: ResolveIncident = { type: 'ResolveIncident', incidentId, eventId: 'e-res', by: 'alice', context: ctx(2) };
const snooze: SnoozeIncident = { type: 'SnoozeIncident', incidentId, eventId: 'e-snooze', by: 'alice', until: at(90), context: ctx(2) };
const run = (...commands: Parameters<typeof responseDecider.decide>[0][]): ResponseEvent[] =>
  commands.reduce<ResponseEvent[]>((history, command) => [...history, ...given(responseDecider, history).when(command).events], []);

/** Level 2 of the team's default policy (bob), resolved at `minute` as the application does before deciding; `bob: false`: bob is gone. */
const level2 = (minute = 6, { bob = true } = {}) =>
  resolveFrom(rosterPlan(team, 15, at(minute)).policy, { repeat: 0, level: 2 }, at(minute), directory(bob));
const directory = (bob: boolean): EscalationDirectory => ({
  person: (personId) => (bob && personId === ids.bob ? { personId, name: 'bob', retired: false, rules: [{ contactMethodId: team.members[1].person!.contactMethods[0].id, contactKind: 'webhook', afterMinutes: 0 }] } : undefined),
  team: () => undefined,
  onCallAt: () => undefined,
});
const breach = (target: RespondToSlaBreach['target'], minute: number, over: Partial<RespondToSlaBreach> = {}): RespondToSlaBreach => ({
  type: 'RespondToSlaBreach',
  incidentId,
  breachId,
  target,
  priority: 'P1',
  dueAt: at(target === 'acknowledge' ? 5 : target === 'mitigate' ? 30 : 240),
  levels: [],
  context: ctx(minute, over.breachId ?? breachId),
  ...over,
});
/** A team of alice alone: its default policy has one level. */
const alone: Roster = { ...team, members: [member('alice', 1)] };
const pageAlone: PageOnCall = { ...page, team: alone };
const types = (events: readonly ResponseEvent[]) => events.map((e) => e.type);

describe('what an SLA breach does to the response', () => {
  it('given a triggered incident, when its acknowledge target is breached, then the next level is paged: the events of POST …/escalate, caused by the breach', () => {
    const events = given(responseDecider, run(page)).when(breach('acknowledge', 6, { levels: level2() })).events;
    expect(types(events)).toEqual(['TimerFired', 'EscalationLevelReached', 'TimerScheduled', 'ResponderPaged']);
    expect(events.find((e) => e.type === 'ResponderPaged')?.data).toMatchObject({ responder: 'bob', escalationLevel: 2 });
    expect(events.every((e) => e.metadata.causationId === breachId)).toBe(true);
  });

  it('given a triggered incident escalated after its acknowledge target came due (the breach taken late, e.g. after downtime), when the breach is taken, then nothing: that escalation answered it', () => {
    const escalated = run(page, { type: 'EscalateIncident', incidentId, by: 'system:coordination', levels: level2(60), context: ctx(60) });
    expect(types(escalated)).toContain('EscalationLevelReached');
    given(responseDecider, escalated).when(breach('acknowledge', 61)).then([]);
  });

  it('given the breach already answered, when it is redelivered, then nothing (once per breach)', () => {
    const history = run(page);
    const first = given(responseDecider, history).when(breach('acknowledge', 6, { levels: level2() })).events;
    given(responseDecider, [...history, ...first]).when(breach('acknowledge', 7)).then([]);
  });

  describe('an acknowledged incident', () => {
    it('given a next level in its policy, when its resolve target is breached, then that level is paged and joins the response: no deadline, the status stays, caused by the breach', () => {
      const history = run(page, ack);
      const events = given(responseDecider, history).when(breach('resolve', 241, { levels: level2(241) })).events;
      expect(types(events)).toEqual(['EscalationLevelReached', 'ResponderPaged']);
      const [reached, paged] = events;
      const why = `SLA resolve breached (P1, due ${at(240)}, 1 min ago) while the incident is acknowledged`;
      expect(reached.schemaVersion).toBe(4);
      expect(reached.data).toMatchObject({ level: 2, repeat: 0, deadlineAt: null, sla: { breachId, target: 'resolve', priority: 'P1' }, paged: [{ personId: ids.bob, name: 'bob' }] });
      expect((reached.data as { reason: string }).reason).toContain(why);
      expect(paged.data).toMatchObject({ personId: ids.bob, responder: 'bob', escalationLevel: 2 });
      expect((paged.data as { reason: string }).reason).toContain(why);
      expect(events.every((e) => e.metadata.causationId === breachId && e.metadata.actor === 'system:coordination')).toBe(true);

      const after = given(responseDecider, [...history, ...events]).state();
      expect(after.status).toBe('acknowledged');
      expect(after.escalation.position).toEqual({ repeat: 0, level: 2 });
      expect(after.escalation.deadline).toBeNull();
      // Joined, not replaced: whom a later re-notification reaches is both levels' people.
      expect(after.escalation.current.map((p) => p.name)).toEqual(['alice', 'bob']);
    });

    it('given its policy’s last level already reached by a breach, when a second target is breached, then everyone in the response is re-notified (IncidentRenotified v4, cause sla-breached)', () => {
      const first = breach('mitigate', 31, { levels: level2(31) });
      const secondId = '32222222-2222-4222-8222-222222222222';
      const events = given(responseDecider, run(page, ack, first)).when(breach('resolve', 241, { breachId: secondId })).events;
      expect(events.map((e) => [e.type, e.schemaVersion])).toEqual([
        ['IncidentRenotified', 4],
        ['ResponderPaged', 3],
        ['ResponderPaged', 3],
      ]);
      expect(events[0].data).toMatchObject({ cause: 'sla-breached', sla: { breachId: secondId, target: 'resolve' }, notified: [{ name: 'alice' }, { name: 'bob' }] });
      expect(events.every((e) => e.metadata.causationId === secondId)).toBe(true);
    });

    it('given a one-level policy, when its mitigate target is breached, then whom the level paged is re-notified with the reason', () => {
      const events = given(responseDecider, run(pageAlone, ack)).when(breach('mitigate', 31)).events;
      expect(events.map((e) => [e.type, e.schemaVersion])).toEqual([
        ['IncidentRenotified', 4],
        ['ResponderPaged', 3],
      ]);
      expect(events[0].data).toMatchObject({ cause: 'sla-breached', sla: { breachId, target: 'mitigate', priority: 'P1' }, notified: [{ personId: ids.alice }] });
      expect(events[1].data).toMatchObject({ responder: 'alice', escalationLevel: 1, reason: `SLA mitigate breached (P1, due ${at(30)}, 1 min ago) while the incident is acknowledged: re-notified alice` });
    });

    it('given a next level that resolves to nobody now, when a target is breached, then the level is skipped with the reason and whom the last level paged is re-notified', () => {
      const events = given(responseDecider, run(page, ack)).when(breach('mitigate', 31, { levels: level2(31, { bob: false }) })).events;
      expect(types(events)).toEqual(['EscalationLevelSkipped', 'IncidentRenotified', 'ResponderPaged']);
      expect(events[0].data).toMatchObject({ level: 2, repeat: 0 });
      expect(events[1].data).toMatchObject({ cause: 'sla-breached', notified: [{ name: 'alice' }] });
    });

    it('given the breach already answered by a level, when it is redelivered, then nothing', () => {
      const history = run(page, ack);
      const first = given(responseDecider, history).when(breach('resolve', 241, { levels: level2(241) })).events;
      given(responseDecider, [...history, ...first]).when(breach('resolve', 242, { levels: level2(242) })).then([]);
    });
  });

  it('given a resolved incident, when a target is breached, then nothing', () => {
    given(responseDecider, run(page, resolve)).when(breach('resolve', 300, { levels: level2(300) })).then([]);
  });

  it('given a snoozed incident, when a target is breached, then nothing (the snooze ends with its own re-notification)', () => {
    given(responseDecider, run(page, ack, snooze)).when(breach('mitigate', 31, { levels: level2(31) })).then([]);
  });

  it('given an acknowledged incident merged into another, when its own target is breached, then nothing (its response goes on in the survivor)', () => {
    const merge: MergeIncident = {
      type: 'MergeIncident',
      incidentId,
      eventId: 'e-merge',
      into: '41111111-1111-4111-8111-111111111111',
      by: 'alice',
      survivor: { status: 'open', mergedInto: null },
      context: ctx(3),
    };
    given(responseDecider, run(page, ack, merge)).when(breach('mitigate', 31, { levels: level2(31) })).then([]);
  });
});
