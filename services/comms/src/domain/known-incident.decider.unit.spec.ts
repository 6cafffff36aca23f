import { given } from '@linchpin/eventsourcing';
import { isIncidentTeam, TeamHeard, teamIdOf } from './incident-team';
import { KnownIncidentEvent, knownIncidentDecider, RecordKnownIncident } from './known-incident.decider';

/* Issue 14, team scoping: the incident's team as comms learns it from coordination's events. */

const context = { actor: 'system:comms', causationId: 'c', occurredAt: '2026-01-01T00:00:00.000Z' };
const PAYMENTS = teamIdOf('payments');
const SEARCH = teamIdOf('search');
let n = 0;
const heard = (heardFrom: string, team?: Omit<TeamHeard, 'eventId'>): RecordKnownIncident => {
  n += 1;
  return { type: 'RecordKnownIncident', eventId: `k-${n}`, incidentId: 'i-1', heardFrom, ...(team ? { team: { ...team, eventId: `t-${n}` } } : {}), context };
};
const page = (name: string, id: string, sourceRevision: number) => heard('ResponderPaged', { via: 'page', name, id, sourceRevision });
const reassign = (name: string, id: string, sourceRevision: number) => heard('IncidentReassigned', { via: 'reassignment', name, id, sourceRevision });
const unrouted = (name: string, sourceRevision: number) => heard('IncidentUnrouted', { via: 'unrouted', name, id: null, sourceRevision });

/** The history after each command in turn. */
const after = (...commands: RecordKnownIncident[]): KnownIncidentEvent[] =>
  commands.reduce<KnownIncidentEvent[]>((history, command) => [...history, ...given(knownIncidentDecider, history).when(command).events], []);
const teamOf = (history: KnownIncidentEvent[]) => given(knownIncidentDecider, history).state().team;

describe("known incident decider: the incident's team", () => {
  it("given nothing, when the first page arrives, then the incident is known and its team is the page's, in one decision", () => {
    given(knownIncidentDecider)
      .when(page('payments', PAYMENTS, 0))
      .then([
        expect.objectContaining({ type: 'IncidentKnownToComms', data: { incidentId: 'i-1', heardFrom: 'ResponderPaged' } }),
        expect.objectContaining({
          type: 'IncidentTeamKnownToComms',
          data: { incidentId: 'i-1', team: 'payments', teamId: PAYMENTS, heardFrom: 'ResponderPaged', sourceRevision: 0 },
          metadata: { incidentId: 'i-1', correlationId: 'i-1', causationId: 'c', actor: 'system:comms', occurredAt: context.occurredAt },
        }),
      ]);
  });

  it('given a known team, when a later page of another team arrives (a fallback after exhaustion), then the team does not move', () => {
    const history = after(page('payments', PAYMENTS, 0));
    given(knownIncidentDecider, history).when(page('operations', teamIdOf('operations'), 5)).then([]);
  });

  it('given an incident known from an event naming no team, when the page arrives, then only its team is recorded', () => {
    const history = after(heard('EscalationStarted'));
    expect(teamOf(history)).toBeNull();
    given(knownIncidentDecider, history)
      .when(page('payments', PAYMENTS, 1))
      .then([expect.objectContaining({ type: 'IncidentTeamKnownToComms', data: expect.objectContaining({ team: 'payments', teamId: PAYMENTS }) })]);
  });

  it('given an unrouted incident, then its team is named without an id; a later page gives the id, the name stays', () => {
    const history = after(unrouted('Billing', 0));
    expect(teamOf(history)).toEqual({ name: 'Billing', id: null });
    expect(teamOf(after(unrouted('Billing', 0), page('operations', teamIdOf('operations'), 2)))).toEqual({ name: 'Billing', id: teamIdOf('operations') });
    // A second IncidentUnrouted changes nothing (coordination ignores it too).
    given(knownIncidentDecider, history).when(unrouted('other', 1)).then([]);
  });

  it('given a team, when reassigned to another team, then the team moves; reassigned to a person, nothing', () => {
    const moved = after(page('payments', PAYMENTS, 0), reassign('search', SEARCH, 3));
    expect(teamOf(moved)).toEqual({ name: 'search', id: SEARCH });
    given(knownIncidentDecider, moved).when(heard('IncidentReassigned')).then([]);
  });

  it('given a team learned from a later event, when an older one arrives late or again, then nothing is recorded', () => {
    const moved = after(page('payments', PAYMENTS, 0), reassign('search', SEARCH, 3));
    given(knownIncidentDecider, moved).when(reassign('payments', PAYMENTS, 2)).then([]);
    given(knownIncidentDecider, moved).when(reassign('search', SEARCH, 3)).then([]);
    expect(teamOf(after(page('payments', PAYMENTS, 0), reassign('search', SEARCH, 3), reassign('payments', PAYMENTS, 7)))).toEqual({ name: 'payments', id: PAYMENTS });
  });
});

describe("isIncidentTeam: a principal's team matched as coordination matches it", () => {
  it('matches by name in any case or spacing, and by id; not another team', () => {
    const team = { name: 'payments', id: PAYMENTS };
    expect(isIncidentTeam('payments', team)).toBe(true);
    expect(isIncidentTeam(' Payments ', team)).toBe(true);
    expect(isIncidentTeam(PAYMENTS, team)).toBe(true);
    expect(isIncidentTeam('search', team)).toBe(false);
    expect(isIncidentTeam(SEARCH, team)).toBe(false);
  });

  it('matches an unrouted incident by the id its name gives', () => {
    expect(isIncidentTeam('billing', { name: 'Billing', id: null })).toBe(true);
    expect(isIncidentTeam(teamIdOf('billing'), { name: 'Billing', id: null })).toBe(true);
  });
});
