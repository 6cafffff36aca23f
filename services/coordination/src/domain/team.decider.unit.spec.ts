import { DomainError, NotFoundError, given } from '@linchpin/eventsourcing';
import { CreateTeam, RetireTeam, UpdateTeam, inOnCallOrder, teamDecider, teamIdOf } from './team.decider';

const ALICE = '00000000-0000-4000-8000-0000000000a1';
const BOB = '00000000-0000-4000-8000-0000000000b1';
const context = { actor: 'api', causationId: 'r', occurredAt: '2026-01-01T00:00:00.000Z' };
const create = (over: Partial<CreateTeam> = {}): CreateTeam => ({
  type: 'CreateTeam',
  teamId: teamIdOf('Payments'),
  eventId: '00000000-0000-4000-8000-000000000001',
  name: 'Payments',
  members: [
    { personId: BOB, onCallOrder: 2 },
    { personId: ALICE, onCallOrder: 1 },
  ],
  autoResolve: true,
  context,
  ...over,
});

describe('team decider', () => {
  it('a team is configuration: its request is its own correlation, and no incident is named', () => {
    const [event] = given(teamDecider).when(create()).events;
    expect(event.metadata).toEqual({ correlationId: 'r', causationId: 'r', actor: 'api', occurredAt: '2026-01-01T00:00:00.000Z' });
  });

  it('given no team, when created, then TeamCreated with the name-based id', () => {
    given(teamDecider)
      .when(create())
      .then((events) => {
        expect(events).toHaveLength(1);
        expect(events[0].type).toBe('TeamCreated');
        expect(events[0].data.teamId).toBe(teamIdOf('payments'));
        expect((events[0].data as { members: unknown[] }).members).toHaveLength(2);
      });
  });

  it('names differing only in case give the same team id', () => {
    expect(teamIdOf('Payments')).toBe(teamIdOf(' payments '));
  });

  it('given an existing team, when created again, then team_exists', () => {
    const history = given(teamDecider).when(create()).then([expect.anything()]);
    given(teamDecider, history).when(create()).thenThrows(DomainError, 'team_exists');
  });

  it('refuses duplicate onCallOrder and empty teams', () => {
    given(teamDecider)
      .when(
        create({
          members: [
            { personId: ALICE, onCallOrder: 1 },
            { personId: BOB, onCallOrder: 1 },
          ],
        }),
      )
      .thenThrows(DomainError, 'duplicate_on_call_order');
    given(teamDecider).when(create({ members: [] })).thenThrows(DomainError, 'team_without_members');
  });

  it('the on-call is the member with the lowest onCallOrder, whatever the listing order', () => {
    const state = given(teamDecider, given(teamDecider).when(create()).events).state();
    if (state.status !== 'active') throw new Error('expected an active team');
    expect(inOnCallOrder(state)[0]?.personId).toBe(ALICE);
  });

  const created = () => given(teamDecider).when(create()).events;
  const update = (over: Partial<UpdateTeam> = {}): UpdateTeam => ({
    type: 'UpdateTeam',
    teamId: teamIdOf('Payments'),
    eventId: '00000000-0000-4000-8000-000000000002',
    name: 'payments',
    members: [{ personId: BOB, onCallOrder: 1 }],
    defaultEscalationPolicyId: '00000000-0000-4000-8000-0000000000e1',
    context,
    ...over,
  });
  const retire = (): RetireTeam => ({ type: 'RetireTeam', teamId: teamIdOf('Payments'), eventId: '00000000-0000-4000-8000-000000000003', context });

  it('given a team, when updated, then TeamUpdated with its full new state (auto-resolve kept when not given)', () => {
    given(teamDecider, created())
      .when(update())
      .then([
        expect.objectContaining({
          type: 'TeamUpdated',
          data: { teamId: teamIdOf('Payments'), name: 'payments', members: [{ personId: BOB, onCallOrder: 1 }], autoResolve: true, defaultEscalationPolicyId: '00000000-0000-4000-8000-0000000000e1' },
        }),
      ]);
  });

  it('given a team, when renamed to another key, then team_name_fixed (triage routes by the name)', () => {
    given(teamDecider, created()).when(update({ name: 'billing' })).thenThrows(DomainError, 'team_name_fixed');
  });

  it('given no team, when updated or retired, then not found', () => {
    given(teamDecider).when(update()).thenThrows(NotFoundError);
    given(teamDecider).when(retire()).thenThrows(NotFoundError);
  });

  it('refuses a person listed twice', () => {
    given(teamDecider, created())
      .when(update({ members: [{ personId: BOB, onCallOrder: 1 }, { personId: BOB, onCallOrder: 2 }] }))
      .thenThrows(DomainError, 'duplicate_member');
  });

  it('given a retired team, when updated, retired or created again, then team_retired', () => {
    const history = [...created(), ...given(teamDecider, created()).when(retire()).events];
    expect(history.map((e) => e.type)).toEqual(['TeamCreated', 'TeamRetired']);
    given(teamDecider, history).when(update()).thenThrows(DomainError, 'team_retired');
    given(teamDecider, history).when(retire()).thenThrows(DomainError, 'team_retired');
    given(teamDecider, history).when(create()).thenThrows(DomainError, 'team_retired');
  });
});
