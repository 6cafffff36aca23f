import { redactUrl } from '@linchpin/platform';
import { LifecycleStatus, Page, Response, ResponseState } from '../domain/response.decider';
import { Roles } from '../domain/response-roles';
import { PersonState } from '../domain/person.decider';
import { TeamState } from '../domain/team.decider';
import { MergeView, mergeView } from './merge.views';

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

/** A contact method's address is shown without the credentials of a webhook URL (`https://***@host`, `?token=***`); the person's events keep it. */
export const personView = (state: Exclude<PersonState, { status: 'none' }>): PersonView => ({
  ...state,
  contactMethods: state.contactMethods.map((method) => ({ ...method, address: redactUrl(method.address) })),
  email: state.email ?? null,
});

/** issue 13, merge and link: the view gains `mergedInto`, `mergedAt`, `mergedBy`, `merged`, `links` (merge.views.ts). */
export interface ResponseView extends MergeView {
  incidentId: string;
  status: LifecycleStatus;
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
  /** The incident's escalation as it stands; null when nobody was paged (no escalation started). */
  escalation: EscalationView | null;
  /** issue 13: the mitigation (once), the last reopen, the roles, the snooze in force. */
  mitigatedAt: string | null;
  mitigatedBy: string | null;
  mitigationNote: string | null;
  reopenedAt: string | null;
  roles: Roles;
  snoozedUntil: string | null;
  /** `commander-missing` while an unresolved P1 or P2 has no incident commander. */
  flags: ResponseFlag[];
}

export type ResponseFlag = 'commander-missing';

/** The commander is required for P1 and P2 until the incident is resolved. */
export const flagsOf = (state: Exclude<ResponseState, { status: 'none' }>): ResponseFlag[] =>
  (state.priority === 'P1' || state.priority === 'P2') && state.status !== 'resolved' && state.roles.commander === null ? ['commander-missing'] : [];

export interface EscalationView {
  policyId: string;
  version: number;
  name: string;
  /** `policy` (a stored policy) or `team-default` (a team's members in on-call order). */
  source: 'policy' | 'team-default';
  /** The last level reached or skipped (repeat 0 on the first pass, level 1-based); null before any. */
  repeat: number | null;
  level: number | null;
  levels: number;
  repeats: number;
  /** When the next level (or exhaustion) comes unless someone acknowledges; null once acknowledged, resolved or exhausted. */
  nextDeadlineAt: string | null;
  /** When an acknowledged incident is re-notified; null when the policy has no acknowledgement timeout. */
  acknowledgementTimeoutAt: string | null;
  levelsReached: number;
  levelsSkipped: number;
  exhausted: boolean;
  /** The default route's team, paged once the policy is exhausted. */
  fallbackTeam: string | null;
}

export const escalationView = ({ escalation }: ResponseState): EscalationView | null => {
  const { policy } = escalation;
  if (!policy) return null;
  return {
    policyId: policy.policyId,
    version: policy.version,
    name: policy.name,
    source: policy.source,
    repeat: escalation.position?.repeat ?? null,
    level: escalation.position?.level ?? null,
    levels: policy.levels.length,
    repeats: policy.repeat,
    nextDeadlineAt: escalation.deadline?.dueAt ?? null,
    acknowledgementTimeoutAt: escalation.acknowledgementTimer?.dueAt ?? null,
    levelsReached: escalation.levelsReached,
    levelsSkipped: escalation.levelsSkipped,
    exhausted: escalation.exhausted,
    fallbackTeam: escalation.fallbackTeam,
  };
};

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
  escalation: escalationView(state),
  mitigatedAt: state.mitigatedAt,
  mitigatedBy: state.mitigatedBy,
  mitigationNote: state.mitigationNote,
  reopenedAt: state.reopenedAt,
  roles: state.roles,
  snoozedUntil: state.snooze?.until ?? null,
  flags: flagsOf(state),
  ...mergeView(state),
});
