import { DomainError, NotFoundError, given } from '@linchpin/eventsourcing';
import { AcknowledgeIncident, FireTimer, PageOnCall, ResolveIncident, ResponseEvent, Roster, responseDecider, rosterPlan } from './response.decider';
import { AbsorbIncident, LinkIncident, MergeIncident, SplitIncident, SurvivorState, UnlinkIncident, UnmergeIncident } from './response-merge';
import { teamIdOf } from './team.decider';
import { legacyPerson } from './person.decider';

const incidentId = '11111111-1111-4111-8111-111111111111';
const survivorId = '22222222-2222-4222-8222-222222222222';
const otherId = '33333333-3333-4333-8333-333333333333';
const at = (minute: number) => new Date(Date.parse('2026-01-01T00:00:00.000Z') + minute * 60_000).toISOString();
const ctx = (minute = 0) => ({ actor: 'user:ic', causationId: 'c', occurredAt: at(minute) });
const alice = '00000000-0000-4000-8000-0000000000a1';
const team: Roster = { teamId: teamIdOf('payments'), name: 'payments', members: [{ personId: alice, onCallOrder: 1, person: legacyPerson(alice, 'alice', 'http://alice.example') }] };

const page = (id = incidentId): PageOnCall => ({
  type: 'PageOnCall',
  incidentId: id,
  eventId: `e-page-${id}`,
  pageId: `p-${id}`,
  teamName: 'payments',
  team,
  priority: 'P2',
  title: 'checkout down',
  route: 'rule r-1 v1',
  context: ctx(),
});
const open: SurvivorState = { status: 'open', mergedInto: null };
const merge = (survivor: SurvivorState = open, over: Partial<MergeIncident> = {}): MergeIncident => ({
  type: 'MergeIncident',
  incidentId,
  eventId: 'e-merge',
  into: survivorId,
  by: 'user:ic',
  reason: 'same outage',
  survivor,
  context: ctx(5),
  ...over,
});
const unmerge = (): UnmergeIncident => ({ type: 'UnmergeIncident', incidentId, eventId: 'e-unmerge', by: 'user:ic', reason: 'another cause', context: ctx(9) });
const absorb = (merged = incidentId): AbsorbIncident => ({ type: 'AbsorbIncident', incidentId: survivorId, eventId: `e-absorb-${merged}`, merged, by: 'user:ic', context: ctx(5) });
const split = (): SplitIncident => ({ type: 'SplitIncident', incidentId: survivorId, eventId: 'e-split', split: incidentId, by: 'user:ic', context: ctx(9) });
const link = (to = otherId, kind: LinkIncident['kind'] = 'caused-by'): LinkIncident => ({ type: 'LinkIncident', incidentId, eventId: `e-link-${to}-${kind}`, to, kind, by: 'user:ic', context: ctx(3) });
const unlink = (to = otherId): UnlinkIncident => ({ type: 'UnlinkIncident', incidentId, eventId: `e-unlink-${to}`, to, by: 'user:ic', context: ctx(4) });
const ack = (): AcknowledgeIncident => ({ type: 'AcknowledgeIncident', incidentId, eventId: 'e-ack', by: 'alice', context: ctx(1) });
const resolve = (id = incidentId): ResolveIncident => ({ type: 'ResolveIncident', incidentId: id, eventId: `e-res-${id}`, by: 'alice', context: ctx(2) });

const run = (...commands: Parameters<typeof responseDecider.decide>[0][]): ResponseEvent[] =>
  commands.reduce<ResponseEvent[]>((history, command) => [...history, ...given(responseDecider, history).when(command).events], []);
const state = (history: ResponseEvent[]) => given(responseDecider, history).state();

describe('response merge: the merged side', () => {
  it('given a triggered incident, when merged into an open survivor, then IncidentMerged and its level deadline cancelled (merged) in the same decision; the status stays', () => {
    const history = run(page());
    const events = given(responseDecider, history)
      .when(merge())
      .then([
        expect.objectContaining({ id: 'e-merge', type: 'IncidentMerged', data: { incidentId, into: survivorId, by: 'user:ic', reason: 'same outage' } }),
        expect.objectContaining({ type: 'TimerCancelled', data: expect.objectContaining({ reason: 'merged' }) }),
      ]);
    const after = state([...history, ...events]);
    expect(after).toMatchObject({ status: 'triggered', merge: { mergedInto: survivorId, mergedBy: 'user:ic', mergedAt: at(5), mergeEventId: 'e-merge' } });
    expect(after.escalation.deadline).toBeNull();
  });

  it('given a merged incident, when its old level deadline fires, then nothing is paged', () => {
    const history = run(page(), merge());
    const timerId = history.find((e) => e.type === 'TimerCancelled')!.data.timerId as string;
    const fire: FireTimer = { type: 'FireTimer', incidentId, timerId, dueAt: at(15), levels: [], context: ctx(15) };
    given(responseDecider, history).when(fire).then([]);
  });

  it('given a merged incident, when a person acknowledges, resolves, links or merges it again, then incident_merged naming the survivor', () => {
    const history = run(page(), merge());
    for (const command of [ack(), resolve(), link(), merge(open, { eventId: 'e-again' })]) {
      expect(given(responseDecider, history).when(command).thenThrows(DomainError, 'incident_merged').message).toContain(survivorId);
    }
  });

  it('given an incident, when merged into itself, then merge_into_itself', () => {
    given(responseDecider, run(page())).when(merge(open, { into: incidentId })).thenThrows(DomainError, 'merge_into_itself');
  });

  it('given an incident, when merged into an unknown incident, then not found', () => {
    given(responseDecider, run(page())).when(merge({ status: 'none', mergedInto: null })).thenThrows(NotFoundError);
  });

  it('given an incident, when merged into a resolved one, then survivor_resolved', () => {
    given(responseDecider, run(page())).when(merge({ status: 'resolved', mergedInto: null })).thenThrows(DomainError, 'survivor_resolved');
  });

  it('given an incident, when merged into one that is itself merged, then merge_chain naming where to merge instead', () => {
    const error = given(responseDecider, run(page())).when(merge({ status: 'open', mergedInto: otherId })).thenThrows(DomainError, 'merge_chain');
    expect(error.message).toContain(`merge into ${otherId} instead`);
  });

  it('given an incident others were merged into, when merged, then merge_chain', () => {
    const history = run(page(), { ...absorb(otherId), incidentId });
    given(responseDecider, history).when(merge()).thenThrows(DomainError, 'merge_chain');
  });

  it('given a resolved incident, when merged, then already_resolved', () => {
    given(responseDecider, run(page(), resolve())).when(merge()).thenThrows(DomainError, 'already_resolved');
  });

  it('given no incident, when merged, then not found', () => {
    given(responseDecider, []).when(merge()).thenThrows(NotFoundError);
  });
});

describe('response merge: unmerge', () => {
  it('given an acknowledged incident merged, when unmerged, then IncidentUnmerged naming the survivor, and it is acknowledged again with no timer restarted', () => {
    const history = run(page(), ack(), merge());
    const events = given(responseDecider, history)
      .when(unmerge())
      .then([expect.objectContaining({ type: 'IncidentUnmerged', data: { incidentId, from: survivorId, by: 'user:ic', reason: 'another cause' } })]);
    const after = state([...history, ...events]);
    expect(after).toMatchObject({ status: 'acknowledged', merge: { mergedInto: null, mergeEventId: null } });
    expect(after.escalation.acknowledgementTimer).toBeNull();
    expect(after.escalation.deadline).toBeNull();
  });

  it('given a triggered incident merged, when unmerged, then its escalation restarts from level 1 at once: paged again with a new page, a level deadline pending', () => {
    const history = run(page(), merge());
    const first = history.find((e) => e.type === 'ResponderPaged')!;
    const events = given(responseDecider, history)
      .when({ ...unmerge(), levels: rosterPlan(team, 15, at(9)).levels })
      .then([
        expect.objectContaining({ type: 'IncidentUnmerged' }),
        expect.objectContaining({ type: 'EscalationStarted' }),
        expect.objectContaining({ type: 'EscalationLevelReached', data: expect.objectContaining({ level: 1 }) }),
        expect.objectContaining({ type: 'TimerScheduled' }),
        expect.objectContaining({ type: 'ResponderPaged', data: expect.objectContaining({ personId: alice, escalationLevel: 1 }) }),
      ]);
    const repaged = events.find((e) => e.type === 'ResponderPaged')!;
    expect(repaged.data.pageId).not.toBe(first.data.pageId);
    const after = state([...history, ...events]);
    expect(after).toMatchObject({ status: 'triggered', merge: { mergedInto: null } });
    expect(after.escalation.deadline).not.toBeNull();
  });

  it('given an unmerged incident, when a person acts on it, then it is decided as before', () => {
    const h = run(page(), merge(), { ...unmerge(), levels: rosterPlan(team, 15, at(9)).levels });
    given(responseDecider, h)
      .when(ack())
      .then([expect.objectContaining({ type: 'IncidentAcknowledged' }), expect.objectContaining({ type: 'TimerCancelled', data: expect.objectContaining({ reason: 'acknowledged' }) })]);
  });

  it('given an incident not merged, when unmerged, then not_merged', () => {
    given(responseDecider, run(page())).when(unmerge()).thenThrows(DomainError, 'not_merged');
  });
});

describe('response merge: the survivor side', () => {
  it('given a survivor, when it absorbs an incident, then IncidentAbsorbed and the state lists it; absorbing it again decides nothing', () => {
    const history = run(page(survivorId));
    const events = given(responseDecider, history)
      .when(absorb())
      .then([expect.objectContaining({ id: `e-absorb-${incidentId}`, type: 'IncidentAbsorbed', data: { incidentId: survivorId, merged: incidentId, by: 'user:ic' } })]);
    const after = [...history, ...events];
    expect(state(after)).toMatchObject({ merge: { merged: [incidentId] } });
    given(responseDecider, after).when(absorb()).then([]);
  });

  it('given a resolved survivor, when it absorbs (the merged side is already recorded), then it is recorded all the same', () => {
    given(responseDecider, run(page(survivorId), resolve(survivorId))).when(absorb()).then([expect.objectContaining({ type: 'IncidentAbsorbed' })]);
  });

  it('given a survivor that absorbed an incident, when split, then IncidentSplit and the list is empty; split again decides nothing', () => {
    const history = run(page(survivorId), absorb());
    const events = given(responseDecider, history).when(split()).then([expect.objectContaining({ type: 'IncidentSplit', data: { incidentId: survivorId, split: incidentId, by: 'user:ic' } })]);
    expect(state([...history, ...events])).toMatchObject({ merge: { merged: [] } });
    given(responseDecider, [...history, ...events]).when(split()).then([]);
  });
});

describe('response links', () => {
  it('given an incident, when linked caused-by another, then IncidentLinked and the state lists the link', () => {
    const history = run(page());
    const events = given(responseDecider, history).when(link()).then([expect.objectContaining({ type: 'IncidentLinked', data: { incidentId, to: otherId, kind: 'caused-by', by: 'user:ic' } })]);
    expect(state([...history, ...events])).toMatchObject({ merge: { links: [{ to: otherId, kind: 'caused-by', by: 'user:ic', linkedAt: at(3) }] } });
  });

  it('given a link, when linked again with the same kind, then already_linked; with another kind, then the kind is replaced', () => {
    const history = run(page(), link());
    given(responseDecider, history).when(link()).thenThrows(DomainError, 'already_linked');
    const events = given(responseDecider, history).when(link(otherId, 'related-to')).events;
    expect(state([...history, ...events])).toMatchObject({ merge: { links: [{ to: otherId, kind: 'related-to' }] } });
  });

  it('given an incident, when linked to itself, then link_to_itself', () => {
    given(responseDecider, run(page())).when(link(incidentId)).thenThrows(DomainError, 'link_to_itself');
  });

  it('given a link, when unlinked, then IncidentUnlinked with the kind it had; unlinked again, then not_linked', () => {
    const history = run(page(), link());
    const events = given(responseDecider, history).when(unlink()).then([expect.objectContaining({ type: 'IncidentUnlinked', data: { incidentId, to: otherId, kind: 'caused-by', by: 'user:ic' } })]);
    given(responseDecider, [...history, ...events]).when(unlink()).thenThrows(DomainError, 'not_linked');
  });

  it('given no incident, when linked, then not found', () => {
    given(responseDecider, []).when(link()).thenThrows(NotFoundError);
  });
});
