import { CommandContext, Decider, DomainError, NotFoundError, assertNever, configurationMetadata } from '@linchpin/eventsourcing';
import {
  ContactMethodData,
  NotificationRuleData,
  PersonRegistered,
  PersonRegisteredEvent,
  PersonRetired,
  PersonRetiredEvent,
  PersonUpdated,
  PersonUpdatedEvent,
  legacyContactMethodIdOf,
} from '@linchpin/contracts';

export type ContactKind = ContactMethodData['kind'];
/** Every contact method kind coordination takes (the published union's, `teams` since issue 15): the HTTP enums list these. */
export const CONTACT_KINDS: readonly ContactKind[] = ['webhook', 'slack', 'teams', 'email'];
export type ContactMethod = ContactMethodData;
export type NotificationRule = NotificationRuleData;

export interface Person {
  personId: string;
  name: string;
  email?: string;
  timeZone: string;
  contactMethods: ContactMethod[];
  notificationRules: NotificationRule[];
}

/** A person as the caller describes them: contact methods may lack an id, rules point at a method by index or id. */
export interface PersonInput {
  name: string;
  email?: string;
  timeZone: string;
  contactMethods: { id?: string; kind: ContactKind; address: string; label?: string }[];
  notificationRules?: { contactMethod: number | string; afterMinutes: number }[];
}

/** One refused field of a person's input, named as the request names it. */
export interface PersonFieldError {
  field: string;
  reason: string;
}

/**
 * The person a command stores, from the caller's input: each contact method keeps the id it was
 * given when the person already has it (a PUT passing ids back), else takes the next of `newIds`;
 * rules name their method by index or id. Without rules, every contact method at minute 0.
 */
export function completePerson(
  personId: string,
  input: PersonInput,
  existing: readonly ContactMethod[],
  newIds: readonly string[],
): { person: Person } | { errors: PersonFieldError[] } {
  const errors: PersonFieldError[] = [];
  const known = new Set(existing.map((c) => c.id));
  const seen = new Set<string>();
  const contactMethods: ContactMethod[] = input.contactMethods.map((c, i) => {
    let id = newIds[i];
    if (c.id !== undefined) {
      if (!known.has(c.id)) errors.push({ field: `contactMethods.${i}.id`, reason: `person ${personId} has no contact method ${c.id}; omit the id for a new one` });
      else if (seen.has(c.id)) errors.push({ field: `contactMethods.${i}.id`, reason: `contact method ${c.id} is listed twice` });
      id = c.id;
    }
    seen.add(id);
    return { id, kind: c.kind, address: c.address, ...(c.label !== undefined ? { label: c.label } : {}) };
  });
  const notificationRules: NotificationRule[] = (input.notificationRules ?? contactMethods.map((_, i) => ({ contactMethod: i, afterMinutes: 0 }))).map((rule, i) => {
    const method = typeof rule.contactMethod === 'number' ? contactMethods[rule.contactMethod] : contactMethods.find((c) => c.id === rule.contactMethod);
    if (!method) errors.push({ field: `notificationRules.${i}.contactMethod`, reason: `no contact method ${JSON.stringify(rule.contactMethod)} in this person's contactMethods (an index from 0, or an id)` });
    return { contactMethodId: method?.id ?? '', afterMinutes: rule.afterMinutes };
  });
  if (errors.length > 0) return { errors };
  const person: Person = {
    personId,
    name: input.name.trim(),
    ...(input.email !== undefined ? { email: input.email } : {}),
    timeZone: input.timeZone,
    contactMethods,
    notificationRules,
  };
  return { person };
}

export interface RegisterPerson {
  type: 'RegisterPerson';
  personId: string;
  eventId: string;
  person: Person;
  context: CommandContext;
}

/**
 * The person a member of a legacy team payload (or of a team stored before people existed) is:
 * one webhook contact method, paged at once. Registers nothing when the person exists, so a
 * retried POST or a second page of an old team writes nothing twice.
 */
export interface AdoptLegacyMember {
  type: 'AdoptLegacyMember';
  personId: string;
  eventId: string;
  name: string;
  webhookUrl: string;
  context: CommandContext;
}

export interface UpdatePerson {
  type: 'UpdatePerson';
  personId: string;
  eventId: string;
  person: Person;
  context: CommandContext;
}

export interface RetirePerson {
  type: 'RetirePerson';
  personId: string;
  eventId: string;
  context: CommandContext;
}

export type PersonCommand = RegisterPerson | AdoptLegacyMember | UpdatePerson | RetirePerson;
export type PersonEvent = PersonRegisteredEvent | PersonUpdatedEvent | PersonRetiredEvent;
export type PersonState = { status: 'none' } | ({ status: 'active' } & Person) | ({ status: 'retired' } & Person);

const personOf = (data: Person): Person => ({
  personId: data.personId,
  name: data.name,
  ...(data.email !== undefined ? { email: data.email } : {}),
  timeZone: data.timeZone,
  contactMethods: data.contactMethods,
  notificationRules: data.notificationRules,
});

/** The legacy member as a person: their webhook, paged at minute 0, in UTC. */
export const legacyPerson = (personId: string, name: string, webhookUrl: string): Person => {
  const contactMethodId = legacyContactMethodIdOf(personId);
  return { personId, name: name.trim(), timeZone: 'UTC', contactMethods: [{ id: contactMethodId, kind: 'webhook', address: webhookUrl }], notificationRules: [{ contactMethodId, afterMinutes: 0 }] };
};

export const personDecider: Decider<PersonCommand, PersonState, PersonEvent> = {
  initialState: { status: 'none' },
  evolve(state, event) {
    switch (event.type) {
      case 'PersonRegistered':
      case 'PersonUpdated':
        return { status: 'active', ...personOf(event.data) };
      case 'PersonRetired':
        return state.status === 'none' ? state : { ...state, status: 'retired' };
      default:
        return state;
    }
  },
  decide(command, state) {
    switch (command.type) {
      case 'RegisterPerson':
        if (state.status !== 'none') throw new DomainError('person_exists', `person ${command.personId} already exists`);
        assertRulesPointAtMethods(command.person);
        return [PersonRegistered.create(command.eventId, command.person, configurationMetadata(command.context))];
      case 'AdoptLegacyMember':
        if (state.status !== 'none') return [];
        return [PersonRegistered.create(command.eventId, legacyPerson(command.personId, command.name, command.webhookUrl), configurationMetadata(command.context))];
      case 'UpdatePerson':
        mustBeActive(command.personId, state);
        assertRulesPointAtMethods(command.person);
        return [PersonUpdated.create(command.eventId, command.person, configurationMetadata(command.context))];
      case 'RetirePerson': {
        const active = mustBeActive(command.personId, state);
        return [PersonRetired.create(command.eventId, { personId: command.personId, name: active.name }, configurationMetadata(command.context))];
      }
      default:
        return assertNever(command);
    }
  },
};

function mustBeActive(personId: string, state: PersonState): Person {
  switch (state.status) {
    case 'none':
      throw new NotFoundError('person', personId);
    // Retiring is final: a retired person is never paged, so nothing about them may change again.
    case 'retired':
      throw new DomainError('person_retired', `person ${state.name} (${personId}) is retired: no change is accepted`);
    case 'active':
      return state;
    default:
      return assertNever(state);
  }
}

/** A person with no way to be reached, or a rule pointing nowhere, would be a page lost at sending. */
function assertRulesPointAtMethods(person: Person): void {
  if (person.contactMethods.length === 0) throw new DomainError('person_without_contact', 'a person needs at least one contact method', 'contactMethods');
  const ids = new Set(person.contactMethods.map((c) => c.id));
  if (ids.size !== person.contactMethods.length) throw new DomainError('duplicate_contact_method', 'contact method ids must be unique', 'contactMethods');
  if (person.notificationRules.length === 0) throw new DomainError('person_without_rules', 'a person needs at least one notification rule', 'notificationRules');
  const stray = person.notificationRules.findIndex((r) => !ids.has(r.contactMethodId));
  if (stray >= 0) throw new DomainError('unknown_contact_method', `notification rule ${stray} names no contact method of this person`, `notificationRules.${stray}.contactMethod`);
}

/**
 * The contact method a page uses now: that of the first rule due at once (afterMinutes 0, in the
 * rules' order), else of the earliest rule. Later rules belong to escalation (not yet).
 */
export const firstContactOf = (person: Person): ContactMethod | undefined => {
  const rules = [...person.notificationRules].sort((a, b) => a.afterMinutes - b.afterMinutes);
  const rule = rules.find((r) => r.afterMinutes === 0) ?? rules[0];
  return person.contactMethods.find((c) => c.id === rule?.contactMethodId) ?? person.contactMethods[0];
};
