import { CommandContext, DomainError, metadataOf } from '@linchpin/eventsourcing';
import { IncidentRoleAssignedEvent, IncidentRoleAssignedV1, IncidentRoleReleasedEvent, IncidentRoleReleasedV1 } from '@linchpin/contracts';

/*
 * issue 13, roles: who leads the response. Incident commander, communications lead and scribe are
 * held by one person each (a new assignment hands over); subject-matter experts are a list.
 */

export type IncidentRole = IncidentRoleAssignedEvent['data']['role'];
export const INCIDENT_ROLES: readonly IncidentRole[] = ['commander', 'communications-lead', 'scribe', 'subject-matter-expert'];
/** The role several people may hold at once. */
export const SME = 'subject-matter-expert' as const;

export interface RoleHolder {
  personId: string;
  name: string;
}

export interface Roles {
  commander: RoleHolder | null;
  'communications-lead': RoleHolder | null;
  scribe: RoleHolder | null;
  'subject-matter-expert': RoleHolder[];
}

export const noRoles: Roles = { commander: null, 'communications-lead': null, scribe: null, 'subject-matter-expert': [] };

type SingleRole = Exclude<IncidentRole, 'subject-matter-expert'>;

/** Assign (or hand over) a role to a person known and active (checked before deciding). */
export interface AssignRole {
  type: 'AssignRole';
  incidentId: string;
  eventId: string;
  by: string;
  role: IncidentRole;
  person: RoleHolder;
  context: CommandContext;
}

/** Release a role; for subject-matter experts, `personId` says whose. */
export interface ReleaseRole {
  type: 'ReleaseRole';
  incidentId: string;
  eventId: string;
  by: string;
  role: IncidentRole;
  personId?: string;
  context: CommandContext;
}

export function evolveRoles(roles: Roles, event: IncidentRoleAssignedEvent | IncidentRoleReleasedEvent): Roles {
  const { role, personId } = event.data;
  if (event.type === 'IncidentRoleAssigned') {
    const holder = { personId, name: event.data.name };
    return role === SME ? { ...roles, [SME]: [...roles[SME].filter((h) => h.personId !== personId), holder] } : { ...roles, [role]: holder };
  }
  return role === SME ? { ...roles, [SME]: roles[SME].filter((h) => h.personId !== personId) } : { ...roles, [role]: null };
}

export function decideAssignRole(command: AssignRole, roles: Roles): (IncidentRoleAssignedEvent | IncidentRoleReleasedEvent)[] {
  const { role, person } = command;
  const metadata = metadataOf(command.context, command.incidentId);
  const data = { incidentId: command.incidentId, role, personId: person.personId, name: person.name, by: command.by };
  if (role === SME) {
    if (roles[SME].some((h) => h.personId === person.personId)) throw new DomainError('role_already_held', `${person.name} is already a subject-matter expert`);
    return [IncidentRoleAssignedV1.create(command.eventId, data, metadata)];
  }
  const current = roles[role as SingleRole];
  if (current?.personId === person.personId) throw new DomainError('role_already_held', `${person.name} already holds ${role}`);
  return [IncidentRoleAssignedV1.create(command.eventId, { ...data, ...(current ? { previousPersonId: current.personId } : {}) }, metadata)];
}

export function decideReleaseRole(command: ReleaseRole, roles: Roles): (IncidentRoleAssignedEvent | IncidentRoleReleasedEvent)[] {
  const { role } = command;
  const holders = role === SME ? roles[SME] : [roles[role as SingleRole]].filter((h): h is RoleHolder => h !== null);
  const released = command.personId === undefined ? (holders.length === 1 ? holders[0] : undefined) : holders.find((h) => h.personId === command.personId);
  if (!released) {
    const who = command.personId === undefined ? (role === SME && holders.length > 1 ? 'name the expert to release (personId)' : 'nobody holds it') : `person ${command.personId} does not hold it`;
    throw new DomainError('role_not_held', `cannot release ${role}: ${who}`);
  }
  return [
    IncidentRoleReleasedV1.create(command.eventId, { incidentId: command.incidentId, role, personId: released.personId, by: command.by }, metadataOf(command.context, command.incidentId)),
  ];
}
