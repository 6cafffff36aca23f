import { DomainError, NotFoundError, given } from '@linchpin/eventsourcing';
import { legacyContactMethodIdOf } from '@linchpin/contracts';
import { AdoptLegacyMember, Person, RegisterPerson, RetirePerson, UpdatePerson, completePerson, firstContactOf, personDecider } from './person.decider';

const personId = '00000000-0000-4000-8000-0000000000a1';
const [HOOK, MAIL] = ['00000000-0000-4000-8000-0000000000c1', '00000000-0000-4000-8000-0000000000c2'];
const context = { actor: 'api', causationId: 'r', occurredAt: '2026-01-01T00:00:00.000Z' };
const alice: Person = {
  personId,
  name: 'Alice',
  timeZone: 'Europe/Paris',
  contactMethods: [
    { id: HOOK, kind: 'webhook', address: 'https://hooks.example/alice' },
    { id: MAIL, kind: 'email', address: 'alice@example.com' },
  ],
  notificationRules: [
    { contactMethodId: HOOK, afterMinutes: 0 },
    { contactMethodId: MAIL, afterMinutes: 5 },
  ],
};
const register = (person: Person = alice): RegisterPerson => ({ type: 'RegisterPerson', personId, eventId: 'e-1', person, context });
const updateTo = (person: Person): UpdatePerson => ({ type: 'UpdatePerson', personId, eventId: 'e-2', person, context });
const retire: RetirePerson = { type: 'RetirePerson', personId, eventId: 'e-3', context };
const registered = () => given(personDecider).when(register()).events;

describe('person decider', () => {
  it('given no person, when registered, then PersonRegistered with the whole person (configuration metadata)', () => {
    given(personDecider)
      .when(register())
      .then([expect.objectContaining({ type: 'PersonRegistered', data: alice, metadata: { correlationId: 'r', causationId: 'r', actor: 'api', occurredAt: context.occurredAt } })]);
  });

  it('refuses a rule naming no contact method of the person, naming the rule', () => {
    const stray = { ...alice, notificationRules: [{ contactMethodId: '00000000-0000-4000-8000-0000000000ff', afterMinutes: 0 }] };
    const error = given(personDecider).when(register(stray)).thenThrows(DomainError, 'unknown_contact_method');
    expect(error.field).toBe('notificationRules.0.contactMethod');
  });

  it('given a person, when updated, then PersonUpdated with the full new state', () => {
    const renamed = { ...alice, name: 'Alice M.' };
    given(personDecider, registered()).when(updateTo(renamed)).then([expect.objectContaining({ type: 'PersonUpdated', data: renamed })]);
  });

  it('given a retired person, every change is person_retired; retiring twice too', () => {
    const history = [...registered(), ...given(personDecider, registered()).when(retire).events];
    expect(history.map((e) => e.type)).toEqual(['PersonRegistered', 'PersonRetired']);
    given(personDecider, history).when(updateTo(alice)).thenThrows(DomainError, 'person_retired');
    given(personDecider, history).when(retire).thenThrows(DomainError, 'person_retired');
  });

  it('given no person, when updated or retired, then not found', () => {
    given(personDecider).when(updateTo(alice)).thenThrows(NotFoundError);
    given(personDecider).when(retire).thenThrows(NotFoundError);
  });

  it('a legacy member becomes a person with one webhook paged at once, registered once', () => {
    const adopt: AdoptLegacyMember = { type: 'AdoptLegacyMember', personId, eventId: 'e-legacy', name: ' bob ', webhookUrl: 'https://hooks.example/bob', context };
    const [event] = given(personDecider).when(adopt).events;
    const methodId = legacyContactMethodIdOf(personId);
    expect(event.data).toEqual({
      personId,
      name: 'bob',
      timeZone: 'UTC',
      contactMethods: [{ id: methodId, kind: 'webhook', address: 'https://hooks.example/bob' }],
      notificationRules: [{ contactMethodId: methodId, afterMinutes: 0 }],
    });
    given(personDecider, [event]).when(adopt).then([]);
  });

  describe('completing the input', () => {
    const input = { name: ' Alice ', timeZone: 'UTC', contactMethods: [{ kind: 'webhook' as const, address: 'https://a' }, { kind: 'email' as const, address: 'a@example.com' }] };

    it('gives every new contact method an id, and by default pages every method at minute 0', () => {
      const result = completePerson(personId, input, [], [HOOK, MAIL]);
      expect(result).toEqual({
        person: expect.objectContaining({
          name: 'Alice',
          contactMethods: [expect.objectContaining({ id: HOOK }), expect.objectContaining({ id: MAIL })],
          notificationRules: [
            { contactMethodId: HOOK, afterMinutes: 0 },
            { contactMethodId: MAIL, afterMinutes: 0 },
          ],
        }),
      });
    });

    it('keeps an id passed back, resolves rules by index or id, and names the fields that point nowhere', () => {
      const kept = completePerson(personId, { ...input, contactMethods: [{ id: HOOK, kind: 'webhook', address: 'https://b' }], notificationRules: [{ contactMethod: HOOK, afterMinutes: 0 }] }, alice.contactMethods, ['new']);
      expect(kept).toEqual({ person: expect.objectContaining({ contactMethods: [{ id: HOOK, kind: 'webhook', address: 'https://b' }], notificationRules: [{ contactMethodId: HOOK, afterMinutes: 0 }] }) });
      const wrong = completePerson(
        personId,
        { ...input, contactMethods: [{ id: '00000000-0000-4000-8000-0000000000ff', kind: 'webhook', address: 'https://b' }], notificationRules: [{ contactMethod: 3, afterMinutes: 0 }] },
        alice.contactMethods,
        ['new'],
      );
      expect(wrong).toEqual({
        errors: [
          { field: 'contactMethods.0.id', reason: expect.stringContaining('has no contact method') },
          { field: 'notificationRules.0.contactMethod', reason: expect.stringContaining('no contact method 3') },
        ],
      });
    });
  });

  it('a page uses the first rule due at once', () => {
    expect(firstContactOf(alice)?.id).toBe(HOOK);
    expect(firstContactOf({ ...alice, notificationRules: [{ contactMethodId: MAIL, afterMinutes: 10 }, { contactMethodId: HOOK, afterMinutes: 0 }] })?.id).toBe(HOOK);
  });
});
