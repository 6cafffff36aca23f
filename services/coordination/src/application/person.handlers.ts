import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler, IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { EVENT_STORE, EventStore, NotFoundError, newId } from '@linchpin/eventsourcing';
import { RequestValidationException, StoreCommandHandler } from '@linchpin/platform';
import { Person, PersonInput, completePerson } from '../domain/person.decider';
import { people } from '../domain/streams';
import { GetPersonQuery, ListPeopleQuery, PersonSaved, RegisterPersonCommand, RetirePersonCommand, UpdatePersonCommand } from './commands';
import { PeopleProjection } from './people.projection';
import { PersonView, personView } from './views';

const saved = (person: Person): PersonSaved => ({ personId: person.personId, contactMethods: person.contactMethods.map(({ id, kind }) => ({ id, kind })) });

/** The person the input describes, or a 400 naming each field that points nowhere. */
const complete = (personId: string, input: PersonInput, existing: Person['contactMethods']): Person => {
  const result = completePerson(personId, input, existing, input.contactMethods.map(() => newId()));
  if ('errors' in result) throw new RequestValidationException(result.errors);
  return result.person;
};

@CommandHandler(RegisterPersonCommand)
export class RegisterPersonHandler extends StoreCommandHandler implements ICommandHandler<RegisterPersonCommand> {
  async execute({ person: input, request }: RegisterPersonCommand): Promise<PersonSaved> {
    const personId = newId();
    const person = complete(personId, input, []);
    await people.handle(this.store, { type: 'RegisterPerson', personId, eventId: newId(), person, context: this.contextOf(request) });
    return saved(person);
  }
}

@CommandHandler(UpdatePersonCommand)
export class UpdatePersonHandler extends StoreCommandHandler implements ICommandHandler<UpdatePersonCommand> {
  async execute({ personId, person: input, request }: UpdatePersonCommand): Promise<PersonSaved> {
    let person: Person | undefined;
    await people.handle(
      this.store,
      { type: 'UpdatePerson', personId, eventId: newId(), person: { ...input, personId, contactMethods: [], notificationRules: [] } as Person, context: this.contextOf(request) },
      {
        // Contact method ids passed back are kept: they are checked against the person as stored.
        prepare: (command, state) => {
          if (state.status !== 'active') return command;
          person = complete(personId, input, state.contactMethods);
          return { ...command, person };
        },
      },
    );
    return saved(person!);
  }
}

@CommandHandler(RetirePersonCommand)
export class RetirePersonHandler extends StoreCommandHandler implements ICommandHandler<RetirePersonCommand> {
  async execute({ personId, request }: RetirePersonCommand): Promise<{ eventId: string }> {
    const eventId = newId();
    await people.handle(this.store, { type: 'RetirePerson', personId, eventId, context: this.contextOf(request) });
    return { eventId };
  }
}

@QueryHandler(GetPersonQuery)
export class GetPersonHandler implements IQueryHandler<GetPersonQuery> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ personId }: GetPersonQuery): Promise<PersonView> {
    const state = await people.load(this.store, { personId });
    if (state.status === 'none') throw new NotFoundError('person', personId);
    return personView(state);
  }
}

@QueryHandler(ListPeopleQuery)
export class ListPeopleHandler implements IQueryHandler<ListPeopleQuery> {
  constructor(private readonly people: PeopleProjection) {}

  async execute(query: ListPeopleQuery): Promise<{ items: PersonView[]; nextCursor: string | null }> {
    return this.people.page(query.limit, query.cursor);
  }
}
