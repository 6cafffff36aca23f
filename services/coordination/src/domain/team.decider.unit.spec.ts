import { DomainError, given } from '@linchpin/eventsourcing';
import { CreateTeam, onCallOf, teamDecider, teamIdOf } from './team.decider';

const context = { actor: 'api', causationId: 'r', occurredAt: '2026-01-01T00:00:00.000Z' };
const create = (over: Partial<CreateTeam> = {}): CreateTeam => ({
  type: 'CreateTeam',
  teamId: teamIdOf('Payments'),
  eventId: '00000000-0000-4000-8000-000000000001',
  name: 'Payments',
  members: [
    { name: 'bob', onCallOrder: 2, contact: { webhookUrl: 'http://b.example' } },
    { name: 'alice', onCallOrder: 1, contact: { webhookUrl: 'http://a.example' } },
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
        expect(events[0].data.members).toHaveLength(2);
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
            { name: 'a', onCallOrder: 1, contact: { webhookUrl: 'http://a' } },
            { name: 'b', onCallOrder: 1, contact: { webhookUrl: 'http://b' } },
          ],
        }),
      )
      .thenThrows(DomainError, 'duplicate_on_call_order');
    given(teamDecider).when(create({ members: [] })).thenThrows(DomainError, 'team_without_members');
  });

  it('the on-call is the member with the lowest onCallOrder, whatever the listing order', () => {
    const state = given(teamDecider, given(teamDecider).when(create()).events).state();
    if (state.status !== 'active') throw new Error('expected an active team');
    expect(onCallOf(state)?.name).toBe('alice');
  });
});
