import { Page, Response, ResponseState } from '../domain/response.decider';
import { PersonState } from '../domain/person.decider';
import { TeamState } from '../domain/team.decider';

/** A team as the routes show it: members by person, never an address. */
export interface TeamView {
  teamId: string;
  name: string;
  status: 'active' | 'retired';
  members: { personId: string; onCallOrder: number }[];
  autoResolve: boolean;
  defaultEscalationPolicyId: string | null;
}

export const teamView = (state: Exclude<TeamState, { status: 'none' }>): TeamView => ({
  teamId: state.teamId,
  name: state.name,
  status: state.status,
  members: state.members.map((m) => ({ personId: m.personId, onCallOrder: m.onCallOrder })),
  autoResolve: state.autoResolve,
  defaultEscalationPolicyId: state.defaultEscalationPolicyId ?? null,
});

export type PersonView = Omit<Exclude<PersonState, { status: 'none' }>, 'email'> & { email: string | null };

export const personView = (state: Exclude<PersonState, { status: 'none' }>): PersonView => ({ ...state, email: state.email ?? null });

export interface ResponseView {
  incidentId: string;
  status: 'triggered' | 'acknowledged' | 'resolved';
  priority: Response['priority'];
  title: string | null;
  team: string;
  pages: Page[];
  paged: boolean;
  pagedReason: string;
  acknowledgedBy: string | null;
  acknowledgedAt: string | null;
  resolvedBy: string | null;
  resolvedAt: string | null;
  resolution: string | null;
}

export const responseView = (state: Exclude<ResponseState, { status: 'none' }>): ResponseView => ({
  incidentId: state.incidentId,
  status: state.status,
  priority: state.priority,
  title: state.title,
  team: state.team,
  pages: state.pages,
  paged: state.paged,
  pagedReason: state.pagedReason,
  acknowledgedBy: state.acknowledgedBy,
  acknowledgedAt: state.acknowledgedAt,
  resolvedBy: state.resolvedBy,
  resolvedAt: state.resolvedAt,
  resolution: state.resolution,
});
