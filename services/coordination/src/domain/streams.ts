import { commandHandler } from '@linchpin/eventsourcing';
import { upcast } from '@linchpin/contracts';
import { responseDecider } from './response.decider';
import { teamDecider } from './team.decider';
import { escalationPolicyDecider } from './escalation/escalation-policy.decider';
import { scheduleDecider } from './schedule.decider';
import { personDecider } from './person.decider';
import { incidentTriageDecider } from './incident-triage.decider';
import { taskDecider } from './task.decider';
import { incidentSlaDecider, SLA_POLICY_ID, slaPolicyDecider } from './sla';
import { incidentCommsDecider } from './incident-comms.decider';
import { pageDeliveryDecider } from './page-delivery.decider';
import { apiTokenDecider } from './api-token.decider';

/** Coordination's streams, `<category>-<id>`, all relayed (names are stored data: never change one). */
export const RESPONSE_STREAM_PREFIX = 'response-';
export const TEAM_STREAM_PREFIX = 'team-';
/** People and how to reach them: the only published stream that carries contact addresses. */
export const PERSON_STREAM_PREFIX = 'person-';

export const responseStream = (incidentId: string): string => `${RESPONSE_STREAM_PREFIX}${incidentId}`;
export const teamStream = (teamId: string): string => `${TEAM_STREAM_PREFIX}${teamId}`;
export const personStream = (personId: string): string => `${PERSON_STREAM_PREFIX}${personId}`;

/** One response per incident: its pages, acknowledgement and resolution. */
export const responses = commandHandler(responseDecider, ({ incidentId }: { incidentId: string }) => responseStream(incidentId), { upcast });

/** One stream per team, keyed by the id its name gives (`teamIdOf`). */
export const teams = commandHandler(teamDecider, ({ teamId }: { teamId: string }) => teamStream(teamId), { upcast });

// Escalation policies (issue 12): relayed, like teams.
export const ESCALATION_POLICY_STREAM_PREFIX = 'escalationPolicy-';
export const escalationPolicyStream = (policyId: string): string => `${ESCALATION_POLICY_STREAM_PREFIX}${policyId}`;
/** One stream per escalation policy: its versions, then its retirement. */
export const escalationPolicies = commandHandler(escalationPolicyDecider, ({ policyId }: { policyId: string }) => escalationPolicyStream(policyId), { upcast });
/** One stream per on-call schedule: its versions, overrides and retirement. */
export const SCHEDULE_STREAM_PREFIX = 'schedule-';
export const scheduleStream = (scheduleId: string): string => `${SCHEDULE_STREAM_PREFIX}${scheduleId}`;
export const schedules = commandHandler(scheduleDecider, ({ scheduleId }: { scheduleId: string }) => scheduleStream(scheduleId), { upcast });
/** One stream per person (`POST /coordination/people`, or a member of a legacy team payload). */
export const people = commandHandler(personDecider, ({ personId }: { personId: string }) => personStream(personId), { upcast });
/** Private (never relayed): the service and severity triage gave an incident, for the incident list's filters. */
export const INCIDENT_TRIAGE_STREAM_PREFIX = 'incidentTriage-';
export const incidentTriages = commandHandler(incidentTriageDecider, ({ incidentId }: { incidentId: string }) => `${INCIDENT_TRIAGE_STREAM_PREFIX}${incidentId}`, { upcast });
/** One stream per task of an incident (issue 13): its details, assignee, status and due-time timer; relayed. */
export const TASK_STREAM_PREFIX = 'incidentTask-';
export const taskStream = (taskId: string): string => `${TASK_STREAM_PREFIX}${taskId}`;
export const incidentTasks = commandHandler(taskDecider, ({ taskId }: { taskId: string }) => taskStream(taskId), { upcast });
// Issue 13, SLA targets: the versioned targets (one stream) and each incident's clocks; both relayed.
export const SLA_POLICY_STREAM_PREFIX = 'slaPolicy-';
export const INCIDENT_SLA_STREAM_PREFIX = 'incidentSla-';
export const incidentSlaStream = (incidentId: string): string => `${INCIDENT_SLA_STREAM_PREFIX}${incidentId}`;
/** The SLA targets' versions (`slaPolicy-default`): version 1 built in, every change the next version. */
export const slaPolicies = commandHandler(slaPolicyDecider, (_single: object) => `${SLA_POLICY_STREAM_PREFIX}${SLA_POLICY_ID}`, { upcast });
/** One stream per incident: its SLA clocks, their timers, stops and breaches. */
export const incidentSlas = commandHandler(incidentSlaDecider, ({ incidentId }: { incidentId: string }) => incidentSlaStream(incidentId), { upcast });
/** Private (never relayed): the stakeholder updates comms posted for an incident, for the war room (issue 13). */
export const incidentComms = commandHandler(incidentCommsDecider, ({ incidentId }: { incidentId: string }) => `incidentComms-${incidentId}`, { upcast });
/** Private (never relayed): how comms' delivery of each of the incident's pages went, for the incident view. */
export const pageDeliveries = commandHandler(pageDeliveryDecider, ({ incidentId }: { incidentId: string }) => `pageDelivery-${incidentId}`, { upcast });
// Issue 14, access: API tokens, relayed (every service projects them; only the hash leaves coordination).
export const API_TOKEN_STREAM_PREFIX = 'apiToken-';
export const apiTokenStream = (tokenId: string): string => `${API_TOKEN_STREAM_PREFIX}${tokenId}`;
/** One stream per API token: its issue, then its revocation. */
export const apiTokens = commandHandler(apiTokenDecider, ({ tokenId }: { tokenId: string }) => apiTokenStream(tokenId), { upcast });
