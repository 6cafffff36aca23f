import { eventTimeOf } from '../event-time';
import { TimelineEntry } from '../timeline';
import { Data, list, obj, text } from './source-data';

export type IncidentRoleName = 'commander' | 'communications-lead' | 'scribe' | 'subject-matter-expert';

/** Someone coordination's events name on the incident: paged, added by hand, or holding a role. */
export interface PersonInvolved {
  /** Coordination's person id (a page from before people: the id its upcaster derives); null when only a name is known. */
  personId: string | null;
  name: string;
  /** `ResponderPaged` events for them (levels, re-notifications, being added). */
  pages: number;
  firstPagedAt: string | null;
  lastPagedAt: string | null;
  /** Who added them to the response by hand (`RespondersAdded`), else null. */
  addedBy: string | null;
  /** The incident roles they hold then. */
  roles: IncidentRoleName[];
}

export interface RoleHolder {
  role: IncidentRoleName;
  personId: string;
  name: string;
  /** When they took it (event time). */
  since: string;
}

/** Where the response was sent by a reassignment (`IncidentReassigned`), else null. */
export interface Assignment {
  kind: 'team' | 'person';
  id: string;
  name: string;
  by: string;
  at: string;
}

export interface PeopleState {
  people: PersonInvolved[];
  roles: RoleHolder[];
  assignedTo: Assignment | null;
}

export const noPeople: PeopleState = { people: [], roles: [], assignedTo: null };

const samePerson = (p: PersonInvolved, personId: string | null, name: string) => (personId && p.personId ? p.personId === personId : p.name === name);

/** The person, added when new; `change` is applied to them. Order: as they first appear. */
function touch(people: PersonInvolved[], personId: string | null, name: string, change: (p: PersonInvolved) => PersonInvolved): PersonInvolved[] {
  const i = people.findIndex((p) => samePerson(p, personId, name));
  if (i === -1) return [...people, change({ personId, name, pages: 0, firstPagedAt: null, lastPagedAt: null, addedBy: null, roles: [] })];
  return people.map((p, j) => (j === i ? change({ ...p, personId: p.personId ?? personId }) : p));
}

const paged = (at: string, count: number) => (p: PersonInvolved): PersonInvolved => ({
  ...p,
  pages: p.pages + count,
  firstPagedAt: p.firstPagedAt ?? at,
  lastPagedAt: p.lastPagedAt && p.lastPagedAt > at ? p.lastPagedAt : at,
});

const withRolesOf = (state: PeopleState, roles: RoleHolder[]): PeopleState => ({
  ...state,
  roles,
  people: state.people.map((p) => ({ ...p, roles: roles.filter((r) => p.personId === r.personId).map((r) => r.role) })),
});

/** People and roles, as coordination's events say. */
export function applyPeople(state: PeopleState, entry: TimelineEntry, d: Data): PeopleState {
  const at = eventTimeOf(entry);
  switch (entry.type) {
    case 'ResponderPaged': {
      const name = text(d.responder) ?? text(obj(d.responder).name) ?? '?';
      return { ...state, people: touch(state.people, text(d.personId), name, paged(at, 1)) };
    }
    case 'EscalationLevelReached': {
      // The level's people, each also paged by a ResponderPaged of its own: named here, counted there.
      let people = state.people;
      for (const p of list(d.paged)) people = touch(people, text(obj(p).personId), text(obj(p).name) ?? '?', paged(at, 0));
      return { ...state, people };
    }
    case 'RespondersAdded': {
      let people = state.people;
      const by = text(d.by) ?? entry.actor;
      for (const r of list(d.responders)) people = touch(people, text(obj(r).personId), text(obj(r).name) ?? '?', (p) => ({ ...p, addedBy: p.addedBy ?? by }));
      return { ...state, people };
    }
    case 'IncidentRoleAssigned': {
      const role = text(d.role) as IncidentRoleName | null;
      const personId = text(d.personId);
      if (!role || !personId) return state;
      const name = text(d.name) ?? '?';
      // A subject-matter expert is one of several; every other role has one holder, handed over.
      const kept = state.roles.filter((r) => r.role !== role || (role === 'subject-matter-expert' && r.personId !== personId));
      const people = touch(state.people, personId, name, (p) => p);
      return withRolesOf({ ...state, people }, [...kept, { role, personId, name, since: at }]);
    }
    case 'IncidentRoleReleased':
      return withRolesOf(state, state.roles.filter((r) => !(r.role === d.role && r.personId === d.personId)));
    case 'IncidentReassigned': {
      const to = obj(d.to);
      const kind = to.kind === 'person' ? 'person' : 'team';
      return { ...state, assignedTo: { kind, id: text(to.id) ?? '?', name: text(to.name) ?? '?', by: text(d.by) ?? entry.actor, at } };
    }
    default:
      return state;
  }
}
