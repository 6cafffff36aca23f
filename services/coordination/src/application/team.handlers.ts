import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler, IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { CommandContext, deterministicId, EVENT_STORE, EventStore, NotFoundError, newId } from '@linchpin/eventsourcing';
import { legacyPersonIdOf } from '@linchpin/contracts';
import { RequestValidationException, StoreCommandHandler, UnknownReferenceError } from '@linchpin/platform';
import { TeamMember, teamIdOf } from '../domain/team.decider';
import { people, teams } from '../domain/streams';
import { CreateTeamCommand, GetTeamQuery, ListTeamsQuery, MemberInput, RetireTeamCommand, UpdateTeamCommand } from './commands';
import { TeamsProjection } from './teams.projection';
import { TeamView, teamView } from './views';

/** A member the legacy payload names by name and webhook: the person it becomes. */
interface LegacyMember {
  personId: string;
  name: string;
  webhookUrl: string;
}

@CommandHandler(CreateTeamCommand)
export class CreateTeamHandler extends StoreCommandHandler implements ICommandHandler<CreateTeamCommand> {
  async execute({ name, members, autoResolve, defaultEscalationPolicyId, request }: CreateTeamCommand): Promise<{ teamId: string }> {
    const teamId = teamIdOf(name);
    const { references, legacy } = membersOf(teamId, members);
    await assertPeopleActive(this.store, members, legacy);
    const context = this.contextOf(request);
    await teams.handle(
      this.store,
      { type: 'CreateTeam', teamId, eventId: newId(), name, members: references, autoResolve, defaultEscalationPolicyId, context },
      {
        // People of a legacy payload are registered before the team that names them, and only while no
        // team of that name exists (a 409 writes nothing). Their ids derive from the team and the name,
        // so a retried POST (or a crash between them and the team) registers nobody twice.
        prepare: async (command, state) => {
          if (state.status === 'none') for (const member of legacy) await adopt(this.store, member, context);
          return command;
        },
      },
    );
    return { teamId };
  }
}

@CommandHandler(UpdateTeamCommand)
export class UpdateTeamHandler extends StoreCommandHandler implements ICommandHandler<UpdateTeamCommand> {
  async execute({ teamId, name, members, autoResolve, defaultEscalationPolicyId, request }: UpdateTeamCommand): Promise<{ eventId: string }> {
    await assertPeopleActive(this.store, members, []);
    const eventId = newId();
    await teams.handle(this.store, { type: 'UpdateTeam', teamId, eventId, name, members, autoResolve, defaultEscalationPolicyId, context: this.contextOf(request) });
    return { eventId };
  }
}

@CommandHandler(RetireTeamCommand)
export class RetireTeamHandler extends StoreCommandHandler implements ICommandHandler<RetireTeamCommand> {
  async execute({ teamId, request }: RetireTeamCommand): Promise<{ eventId: string }> {
    const eventId = newId();
    await teams.handle(this.store, { type: 'RetireTeam', teamId, eventId, context: this.contextOf(request) });
    return { eventId };
  }
}

/** Registers a legacy member's person unless it exists (the person decider decides nothing then). */
export const adopt = (store: EventStore, member: LegacyMember, context: CommandContext) =>
  people.handle(store, {
    type: 'AdoptLegacyMember',
    personId: member.personId,
    eventId: deterministicId(member.personId, 'coordination.legacy-person'),
    name: member.name,
    webhookUrl: member.webhookUrl,
    context,
  });

function membersOf(teamId: string, members: MemberInput[]): { references: TeamMember[]; legacy: LegacyMember[] } {
  const legacy: LegacyMember[] = [];
  const references = members.map((m): TeamMember => {
    if ('personId' in m) return { personId: m.personId, onCallOrder: m.onCallOrder };
    const personId = legacyPersonIdOf(teamId, m.name);
    legacy.push({ personId, name: m.name, webhookUrl: m.webhookUrl });
    return { personId, onCallOrder: m.onCallOrder };
  });
  const names = legacy.map((m) => m.name.trim().toLowerCase());
  if (new Set(names).size !== names.length) {
    throw new RequestValidationException([{ field: 'members', reason: 'member names must be unique within a team (case-insensitive): each member becomes a person' }]);
  }
  return { references, legacy };
}

/** Members named by id must be people who exist and are not retired: a 409 `unknown_reference` naming each member otherwise. */
async function assertPeopleActive(store: EventStore, members: readonly MemberInput[], legacy: readonly LegacyMember[]): Promise<void> {
  const errors: { field: string; reason: string }[] = [];
  for (const [i, member] of members.entries()) {
    if (!('personId' in member) || legacy.some((l) => l.personId === member.personId)) continue;
    const person = await people.load(store, { personId: member.personId });
    if (person.status === 'none') errors.push({ field: `members.${i}.personId`, reason: `person ${member.personId} does not exist` });
    else if (person.status === 'retired') errors.push({ field: `members.${i}.personId`, reason: `person ${person.name} (${member.personId}) is retired` });
  }
  if (errors.length > 0) throw new UnknownReferenceError(errors);
}

@QueryHandler(GetTeamQuery)
export class GetTeamHandler implements IQueryHandler<GetTeamQuery> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute(query: GetTeamQuery): Promise<TeamView> {
    const state = await teams.load(this.store, { teamId: query.teamId });
    if (state.status === 'none') throw new NotFoundError('team', query.teamId);
    return teamView(state);
  }
}

@QueryHandler(ListTeamsQuery)
export class ListTeamsHandler implements IQueryHandler<ListTeamsQuery> {
  constructor(private readonly teams: TeamsProjection) {}

  async execute(query: ListTeamsQuery): Promise<{ items: TeamView[]; nextCursor: string | null }> {
    return this.teams.page(query.limit, query.cursor);
  }
}
