import { given } from '@linchpin/eventsourcing';
import { AcknowledgeIncident, PageOnCall, ResolveIncident, RespondToSlaBreach, ResponseEvent, Roster, SnoozeIncident, responseDecider, rosterPlan } from './response.decider';
import { teamIdOf } from './team.decider';
import { resolveFrom } from './escalation';
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

const level2 = () =>
  resolveFrom(rosterPlan(team, 15, at(6)).policy, { repeat: 0, level: 2 }, at(6), {
    person: (personId) => (personId === ids.bob ? { personId, name: 'bob', retired: false, rules: [{ contactMethodId: team.members[1].person!.contactMethods[0].id, contactKind: 'webhook', afterMinutes: 0 }] } : undefined),
    team: () => undefined,
    onCallAt: () => undefined,
  });
const breach = (target: RespondToSlaBreach['target'], minute: number, over: Partial<RespondToSlaBreach> = {}): RespondToSlaBreach => ({
  type: 'RespondToSlaBreach',
  incidentId,
  breachId,
  target,
  priority: 'P1',
  dueAt: at(target === 'acknowledge' ? 5 : 30),
  levels: [],
  context: ctx(minute, breachId),
  ...over,
});

describe('what an SLA breach does to the response', () => {
  it('given a triggered incident, when its acknowledge target is breached, then the next level is paged: the events of POST …/escalate, caused by the breach', () => {
    const events = given(responseDecider, run(page)).when(breach('acknowledge', 6, { levels: level2() })).events;
    expect(events.map((e) => e.type)).toEqual(['TimerFired', 'EscalationLevelReached', 'TimerScheduled', 'ResponderPaged']);
    expect(events.find((e) => e.type === 'ResponderPaged')?.data).toMatchObject({ responder: 'bob', escalationLevel: 2 });
    expect(events.every((e) => e.metadata.causationId === breachId)).toBe(true);
  });

  it('given the breach already answered, when it is redelivered, then nothing (once per breach)', () => {
    const history = run(page);
    const first = given(responseDecider, history).when(breach('acknowledge', 6, { levels: level2() })).events;
    given(responseDecider, [...history, ...first]).when(breach('acknowledge', 7)).then([]);
  });

  it('given an acknowledged incident, when its mitigate target is breached, then whom the last level paged is re-notified (cause sla-breached) with the reason', () => {
    const events = given(responseDecider, run(page, ack)).when(breach('mitigate', 31)).events;
    expect(events.map((e) => [e.type, e.schemaVersion])).toEqual([
      ['IncidentRenotified', 3],
      ['ResponderPaged', 2],
    ]);
    expect(events[0].data).toMatchObject({ cause: 'sla-breached', sla: { breachId, target: 'mitigate', priority: 'P1' }, notified: [{ personId: ids.alice }] });
    expect(events[1].data).toMatchObject({ responder: 'alice', escalationLevel: 1, reason: `SLA mitigate breached (P1, due ${at(30)}, 1 min ago) while the incident is acknowledged: re-notified alice` });
  });

  it('given a resolved incident, when a target is breached, then nothing', () => {
    given(responseDecider, run(page, resolve)).when(breach('resolve', 300)).then([]);
  });

  it('given a snoozed incident, when a target is breached, then nothing (the snooze ends with its own re-notification)', () => {
    given(responseDecider, run(page, ack, snooze)).when(breach('mitigate', 31)).then([]);
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
    given(responseDecider, run(page, ack, merge)).when(breach('mitigate', 31)).then([]);
  });
});
