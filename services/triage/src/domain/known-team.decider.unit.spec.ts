import { given } from '@linchpin/eventsourcing';
import { knownTeamDecider, RecordKnownTeam, unknownTeamWarnings } from './known-team.decider';
import { ROUTING_DEFAULT } from './routing-rules';

const record: RecordKnownTeam = {
  type: 'RecordKnownTeam',
  eventId: '00000000-0000-4000-8000-000000000001',
  teamId: 't-1',
  name: 'Operations',
  context: { actor: 'system:triage', causationId: 'c', occurredAt: '2026-01-01T00:00:00.000Z' },
};

describe('known teams', () => {
  it('given no record of a team, when coordination created it, then TeamKnown; when told again, then nothing', () => {
    const events = given(knownTeamDecider)
      .when(record)
      .then((decided) => expect(decided.map((e) => e.data)).toEqual([{ teamId: 't-1', name: 'Operations' }]));
    given(knownTeamDecider, events).when(record).then([]);
  });

  it('given a known team, when coordination retires it, then TeamForgotten once, and it is never known again', () => {
    const known = given(knownTeamDecider).when(record).events;
    const forget = { ...record, type: 'ForgetTeam' as const, eventId: '00000000-0000-4000-8000-000000000002' };
    const forgotten = given(knownTeamDecider, known).when(forget).then([expect.objectContaining({ type: 'TeamForgotten', data: { teamId: 't-1', name: 'Operations' } })]);
    given(knownTeamDecider, [...known, ...forgotten]).when(forget).then([]);
    given(knownTeamDecider, [...known, ...forgotten]).when(record).then([]);
  });

  it('warns when the default route names a team coordination has not created, and not once it has (any case)', () => {
    expect(unknownTeamWarnings(ROUTING_DEFAULT, new Set())).toEqual([expect.stringContaining(`default route's team "operations" does not exist`)]);
    expect(unknownTeamWarnings(ROUTING_DEFAULT, new Set(['operations']))).toEqual([]);
  });

  it('warns of a rule that routes to a fixed team nobody created, naming the rule', () => {
    const rules = { rules: [{ id: 'db', when: { services: ['db'] }, route: { team: 'DBA' } }], defaultRoute: { team: 'Operations' } };
    expect(unknownTeamWarnings(rules, new Set(['operations']))).toEqual([expect.stringContaining('rule "db" routes to team "DBA"')]);
    expect(unknownTeamWarnings(rules, new Set(['operations', 'dba']))).toEqual([]);
  });
});
