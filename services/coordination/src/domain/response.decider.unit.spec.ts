import { DomainError, NotFoundError, given } from '@linchpin/eventsourcing';
import { AcknowledgeIncident, ChangePriority, PageOnCall, RecordPageFailure, ResolveIncident, ResponseEvent, Roster, responseDecider } from './response.decider';
import { teamIdOf } from './team.decider';
import { legacyPerson } from './person.decider';

const incidentId = '11111111-1111-4111-8111-111111111111';
const context = { actor: 'system:coordination', causationId: 'c', occurredAt: '2026-01-01T00:00:00.000Z' };
const personIds = { alice: '00000000-0000-4000-8000-0000000000a1', bob: '00000000-0000-4000-8000-0000000000b1', carol: '00000000-0000-4000-8000-0000000000c1' };
const member = (name: keyof typeof personIds, onCallOrder: number, webhookUrl: string) => ({
  personId: personIds[name],
  onCallOrder,
  person: legacyPerson(personIds[name], name, webhookUrl),
});
const team: Roster = {
  teamId: teamIdOf('payments'),
  name: 'payments',
  members: [member('carol', 3, 'http://c.example'), member('alice', 1, 'http://a.example'), member('bob', 2, 'http://b.example')],
};
const page = (over: Partial<PageOnCall> = {}): PageOnCall => ({
  type: 'PageOnCall',
  incidentId,
  eventId: '00000000-0000-4000-8000-00000000000a',
  pageId: '00000000-0000-4000-8000-00000000000b',
  teamName: 'payments',
  team,
  priority: 'P1',
  title: 'checkout down',
  route: 'rule r-1 v1',
  context,
  ...over,
});
const ack = (by = 'alice'): AcknowledgeIncident => ({ type: 'AcknowledgeIncident', incidentId, eventId: 'e-ack', by, context });
const resolve = (by = 'alice'): ResolveIncident => ({ type: 'ResolveIncident', incidentId, eventId: 'e-res', by, resolution: 'rolled back', context });

const paged = (): ResponseEvent[] => given(responseDecider).when(page()).events;
const type = (name: string) => expect.objectContaining({ type: name });
/** The pages among a decision's events (the escalation's own events and timers come with them). */
const pagesIn = (events: ResponseEvent[]): ResponseEvent[] => events.filter((e) => e.type === 'ResponderPaged');

describe('response decider: paging', () => {
  it('an incident fact correlates on its incident and carries the command context (the metadata recorded before the context moved into commands)', () => {
    const [event] = given(responseDecider).when(page()).events;
    expect(event.metadata).toEqual({ incidentId, correlationId: incidentId, causationId: 'c', actor: 'system:coordination', occurredAt: '2026-01-01T00:00:00.000Z' });
  });

  it('given a triaged incident, when paging, then the lowest onCallOrder member is paged at level 1 with the rule named', () => {
    given(responseDecider)
      .when(page())
      .then((events) => {
        expect(events.map((e) => e.type)).toEqual(['EscalationStarted', 'EscalationLevelReached', 'TimerScheduled', 'ResponderPaged']);
        const [event] = pagesIn(events);
        expect(event.type).toBe('ResponderPaged');
        if (event.type !== 'ResponderPaged') return;
        // v2: the person and the contact method, never the address.
        expect(event.data).toMatchObject({ personId: personIds.alice, responder: 'alice', contactMethodId: team.members[1].person!.contactMethods[0].id, contactKind: 'webhook' });
        expect(JSON.stringify(event.data)).not.toContain('http://a.example');
        expect(event.data.escalationLevel).toBe(1);
        expect(event.data.pageId).toBe('00000000-0000-4000-8000-00000000000b');
        expect(event.data.reason).toContain('lowest onCallOrder (1)');
        expect(event.data.reason).toContain('rule r-1 v1');
      });
  });

  it('given an unknown team, when paging, then IncidentUnrouted and nobody is paged', () => {
    given(responseDecider)
      .when(page({ team: undefined, teamName: 'ghosts' }))
      .then([expect.objectContaining({ type: 'IncidentUnrouted', data: expect.objectContaining({ team: 'ghosts', priority: 'P1', title: 'checkout down' }) })]);
  });

  it('given the routed team does not exist, when paging with a default route, then the default route’s on-call is paged and the reason says why', () => {
    const operations: Roster = { ...team, teamId: teamIdOf('operations'), name: 'operations' };
    const { events: all } = given(responseDecider).when(page({ teamName: 'ghost', team: undefined, fallback: { teamName: 'operations', team: operations } }));
    const events = pagesIn(all);
    expect(events.map((e) => e.type)).toEqual(['ResponderPaged']);
    expect(events[0].data).toMatchObject({ team: 'operations', responder: 'alice' });
    const reason = (events[0].data as { reason: string }).reason;
    expect(reason).toContain('team "ghost" does not exist');
    expect(reason).toContain('default route\'s team "operations"');
    expect(reason).toContain('rule r-1 v1');
    expect(given(responseDecider, all).state()).toMatchObject({ team: 'operations', paged: true, pagedReason: reason });
  });

  it('given the routed team has no members, when paging with a default route, then the default route’s on-call is paged', () => {
    const operations: Roster = { ...team, teamId: teamIdOf('operations'), name: 'operations' };
    const events = pagesIn(given(responseDecider).when(page({ team: { ...team, members: [] }, fallback: { teamName: 'operations', team: operations } })).events);
    expect(events[0].type).toBe('ResponderPaged');
    expect((events[0].data as { reason: string }).reason).toContain('team "payments" has no members');
  });

  it('given neither the routed team nor the default route’s team exists, when paging, then IncidentUnrouted v2: paged false, the cause and both teams in the reason', () => {
    const { events } = given(responseDecider).when(page({ teamName: 'ghost', team: undefined, fallback: { teamName: 'nobody-home', team: undefined } }));
    expect(events.map((e) => `${e.type}.v${e.schemaVersion}`)).toEqual(['IncidentUnrouted.v2']);
    expect(events[0].data).toMatchObject({ team: 'ghost', fallbackTeam: 'nobody-home', cause: 'unknown-team', paged: false });
    const reason = (events[0].data as { reason: string }).reason;
    expect(reason).toContain('team "ghost" does not exist');
    expect(reason).toContain('"nobody-home" does not exist either');
    expect(given(responseDecider, events).state()).toMatchObject({ status: 'triggered', team: 'ghost', paged: false, pagedReason: reason, pages: [] });
  });

  it('given the default route’s team has no members, when paging falls through to it, then IncidentUnrouted with cause no-members', () => {
    const operations: Roster = { ...team, teamId: teamIdOf('operations'), name: 'operations', members: [] };
    const { events } = given(responseDecider).when(page({ teamName: 'ghost', team: undefined, fallback: { teamName: 'operations', team: operations } }));
    expect(events[0].data).toMatchObject({ cause: 'no-members', fallbackTeam: 'operations', paged: false });
  });

  it('given the routed team is the default route’s own team and it does not exist, when paging, then it is tried once and IncidentUnrouted names no fallback', () => {
    const { events } = given(responseDecider).when(page({ teamName: 'operations', team: undefined, fallback: { teamName: 'Operations', team: undefined } }));
    expect(events[0].type).toBe('IncidentUnrouted');
    expect(events[0].data).not.toHaveProperty('fallbackTeam');
    expect((events[0].data as { reason: string }).reason).toBe('team "operations" does not exist: nobody was paged (routed by rule r-1 v1)');
  });

  it('given the incident was already paged, when paging again (redelivery), then nobody is paged twice', () => {
    given(responseDecider, paged()).when(page({ eventId: 'another' })).then([]);
  });
});

describe('response decider: acknowledge and resolve', () => {
  it('given nothing, when acknowledging or resolving, then not found', () => {
    given(responseDecider).when(ack()).thenThrows(NotFoundError);
    given(responseDecider).when(resolve()).thenThrows(NotFoundError);
  });

  it('given a page, when acknowledged, then IncidentAcknowledged and the state says by whom', () => {
    // The pending level deadline is cancelled in the same append.
    const events = given(responseDecider, paged()).when(ack('alice')).then([type('IncidentAcknowledged'), type('TimerCancelled')]);
    const state = given(responseDecider, [...paged(), ...events]).state();
    expect(state).toMatchObject({ status: 'acknowledged', acknowledgedBy: 'alice', acknowledgedAt: context.occurredAt });
  });

  it('given an acknowledged incident, when acknowledged again, then already_acknowledged', () => {
    const history = [...paged(), ...given(responseDecider, paged()).when(ack()).events];
    given(responseDecider, history).when(ack('bob')).thenThrows(DomainError, 'already_acknowledged');
  });

  it('given a triggered or acknowledged incident, when resolved, then IncidentResolved with the resolution', () => {
    given(responseDecider, paged())
      .when(resolve())
      .then([expect.objectContaining({ data: expect.objectContaining({ by: 'alice', resolution: 'rolled back' }) }), type('TimerCancelled')]);
    const acked = [...paged(), ...given(responseDecider, paged()).when(ack()).events];
    given(responseDecider, acked).when(resolve()).then([type('IncidentResolved')]);
  });

  it('given a resolved incident, when acknowledged or resolved, then already_resolved', () => {
    const history = [...paged(), ...given(responseDecider, paged()).when(resolve()).events];
    given(responseDecider, history).when(ack()).thenThrows(DomainError, 'already_resolved');
    given(responseDecider, history).when(resolve()).thenThrows(DomainError, 'already_resolved');
  });

  it('an unrouted incident can still be acknowledged and resolved', () => {
    const unrouted = given(responseDecider).when(page({ team: undefined })).events;
    given(responseDecider, unrouted).when(ack()).then([type('IncidentAcknowledged')]);
  });
});

describe('response decider: priority changes from triage', () => {
  const change = (priority: 'P1' | 'P2' | 'P3' | 'P4' | 'P5'): ChangePriority => ({
    type: 'ChangePriority',
    incidentId,
    eventId: `e-prio-${priority}`,
    priority,
    severity: priority === 'P1' ? 'SEV1' : 'SEV3',
    trigger: 'dependency',
    reason: 'payments-db is a dependency of tier-1 service checkout',
    context,
  });

  it('given a paged P3 incident, when triage raises it to P1, then ResponsePriorityChanged with the reason, and the state says P1', () => {
    const history = given(responseDecider).when(page({ priority: 'P3' })).events;
    const events = given(responseDecider, history)
      .when(change('P1'))
      .then([
        expect.objectContaining({
          type: 'ResponsePriorityChanged',
          data: expect.objectContaining({ incidentId, previous: 'P3', priority: 'P1', severity: 'SEV1', trigger: 'dependency', reason: expect.stringContaining('tier-1') }),
        }),
      ]);
    expect(given(responseDecider, [...history, ...events]).state()).toMatchObject({ status: 'triggered', priority: 'P1' });
  });

  it('given the same priority, or an incident coordination never received, then nothing is recorded', () => {
    given(responseDecider, paged()).when(change('P1')).then([]);
    given(responseDecider).when(change('P1')).then([]);
  });
});

describe('response decider: a page that never reached its responder', () => {
  const failure = (over: Partial<RecordPageFailure> = {}): RecordPageFailure => ({
    type: 'RecordPageFailure',
    incidentId,
    eventId: 'e-failed',
    pageId: '00000000-0000-4000-8000-00000000000b',
    error: 'no answer within 5000 ms',
    context,
    ...over,
  });

  it('given the only page failed, when recorded, then PageFailed and the incident is unpaged again with the reason', () => {
    const events = given(responseDecider, paged())
      .when(failure())
      .then([
        expect.objectContaining({
          type: 'PageFailed',
          data: {
            incidentId,
            pageId: '00000000-0000-4000-8000-00000000000b',
            team: 'payments',
            responder: 'alice',
            error: 'no answer within 5000 ms',
            reason: 'the page to alice of team "payments" failed: no answer within 5000 ms; nobody has been reached',
            paged: false,
          },
        }),
      ]);
    expect(given(responseDecider, [...paged(), ...events]).state()).toMatchObject({
      status: 'triggered',
      paged: false,
      pagedReason: 'the page to alice of team "payments" failed: no answer within 5000 ms; nobody has been reached',
    });
  });

  it('records a failure once: a redelivered NotificationFailed changes nothing', () => {
    const once = [...paged(), ...given(responseDecider, paged()).when(failure()).events];
    given(responseDecider, once).when(failure({ eventId: 'e-again' })).then([]);
  });

  it('ignores a page that is not the incident’s, and an incident coordination never saw', () => {
    given(responseDecider, paged()).when(failure({ pageId: '00000000-0000-4000-8000-0000000000ff' })).then([]);
    given(responseDecider).when(failure()).then([]);
  });

  it('records a failed page of an acknowledged incident, which stays paged: a person is on it', () => {
    const acked = [...paged(), ...given(responseDecider, paged()).when(ack()).events];
    const events = given(responseDecider, acked)
      .when(failure())
      .then([
        expect.objectContaining({
          type: 'PageFailed',
          data: expect.objectContaining({ paged: true, reason: 'the page to alice of team "payments" failed: no answer within 5000 ms' }),
        }),
      ]);
    expect(given(responseDecider, [...acked, ...events]).state()).toMatchObject({ status: 'acknowledged', paged: true });
  });
});
