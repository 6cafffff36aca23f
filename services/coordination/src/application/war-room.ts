import { PendingTimer, PendingTimers } from '@linchpin/eventsourcing';
import { ResponseState, SNOOZE, slaBreachActionOf } from '../domain/response.decider';
import { ACKNOWLEDGEMENT_TIMEOUT, ESCALATION_DEADLINE, NOTIFICATION_RULE, breachLevelToResolve, positionAfter } from '../domain/escalation';
import { IncidentSlaState, SLA_TIMER_PURPOSE, SlaTarget } from '../domain/sla';
import { Task, TASK_DUE, TaskStatus } from '../domain/task.decider';
import { IncidentCommsState } from '../domain/incident-comms.decider';
import { INCIDENT_SLA_STREAM_PREFIX, RESPONSE_STREAM_PREFIX, TASK_STREAM_PREFIX } from '../domain/streams';
import { ResponseView } from './views';
import { IncidentSlaView } from './sla.commands';
import { incidentSlaView } from './sla.handlers';

/*
 * The war room (issue 13, `GET /coordination/incidents/{id}`): the response view plus what the
 * other read models know of the incident, composed at read time: its tasks, its SLA clocks, every
 * pending durable timer of its response, SLA and task streams with what it will do, when the
 * stakeholders last heard (comms' updates noted on `incidentComms-<id>`), and everyone paged.
 */

export interface WarRoomTask {
  taskId: string;
  title: string;
  status: TaskStatus;
  assignee: { personId: string; name: string } | null;
  dueAt: string | null;
  overdue: boolean;
}

export interface WarRoomTimer {
  timerId: string;
  /** Whose stream holds it: the response (escalation, notification rules, snooze), the SLA clocks, or a task. */
  owner: 'response' | 'sla' | 'task';
  streamId: string;
  purpose: string;
  dueAt: string;
  /** What it will do when it comes due, unless a fact makes it moot first. */
  action: string;
  /** The task whose due time it is (`owner: task`); null otherwise. */
  taskId: string | null;
}

export interface WarRoomBlocks {
  /** Everyone paged for the incident, once each, in the order first paged. */
  responders: { personId: string; name: string }[];
  tasks: WarRoomTask[];
  /** The SLA clocks as `GET …/sla` answers them; null before they start. */
  sla: IncidentSlaView | null;
  /** Soonest first. */
  pendingTimers: WarRoomTimer[];
  /** When comms last posted a status update to the incident's stakeholders; null when none was. */
  lastStakeholderUpdateAt: string | null;
}

export type WarRoomView = ResponseView & WarRoomBlocks;

type Incident = Exclude<ResponseState, { status: 'none' }>;

const names = (people: readonly { name: string }[]): string => (people.length === 0 ? 'nobody' : people.map((p) => p.name).join(', '));

const STOPPED_BY: Record<SlaTarget, string> = { acknowledge: 'acknowledged', mitigate: 'mitigated', resolve: 'resolved' };

/** What the response stream's timer will do (the escalation engine's purposes and the snooze). */
function responseAction(incident: Incident, timer: PendingTimer): string {
  const { escalation } = incident;
  switch (timer.purpose) {
    case ESCALATION_DEADLINE: {
      const policy = escalation.policy;
      const next = policy && escalation.position ? positionAfter(policy, escalation.position) : null;
      if (!policy) return 'pages the next escalation level unless someone acknowledges first';
      if (!next) return `exhausts policy "${policy.name}" v${policy.version} and pages the default route's team${escalation.fallbackTeam ? ` "${escalation.fallbackTeam}"` : ''} unless someone acknowledges first`;
      return `pages level ${next.level} of policy "${policy.name}" v${policy.version}${next.repeat > 0 ? ` (pass ${next.repeat + 1})` : ''} unless someone acknowledges first`;
    }
    case ACKNOWLEDGEMENT_TIMEOUT:
      return `re-notifies ${names(escalation.current)} (acknowledged and untouched) unless the incident is resolved first`;
    case NOTIFICATION_RULE: {
      const rule = escalation.ruleTimers[timer.timerId];
      return rule
        ? `notifies ${rule.page.name} through ${rule.rule.contactKind} (their notification rule ${rule.rule.index + 1}) unless someone acknowledges first`
        : 'notifies the paged person through their next notification rule unless someone acknowledges first';
    }
    case SNOOZE:
      return `ends the snooze and re-notifies ${names(escalation.current)}`;
    default:
      return `fires the response's ${timer.purpose} timer`;
  }
}

/** What a breach would do to the response as it stands now (the response decider's `RespondToSlaBreach`, through `slaBreachActionOf`). */
function breachAction(incident: Incident): string {
  const { escalation } = incident;
  const policy = escalation.policy;
  const named = policy ? ` of policy "${policy.name}" v${policy.version}` : '';
  switch (slaBreachActionOf(incident)) {
    case 'escalate': {
      const next = policy && escalation.position ? positionAfter(policy, escalation.position) : null;
      return next ? `escalates it to level ${next.level}${named}${next.repeat > 0 ? ` (pass ${next.repeat + 1})` : ''}, as POST …/escalate does` : `escalates it: policy${named} is exhausted and the default route's team paged`;
    }
    case 'page-next-level':
      return `pages level ${breachLevelToResolve(escalation)?.level}${named} into the response (the incident is acknowledged), or re-notifies ${names(escalation.current)} if that level has nobody then`;
    case 'renotify':
      return `re-notifies ${names(escalation.current)} (no level of the policy is left to page)`;
    case 'nothing':
      if (incident.merge.mergedInto !== null) return 'nothing more (merged: the response goes on in the survivor)';
      return incident.snooze !== null ? 'nothing more (the incident is snoozed)' : 'nothing more (nobody is left to escalate to)';
  }
}

/** What an SLA clock's timer will do: the breach, and what the breach does to the response as it stands now. */
function slaAction(incident: Incident, sla: Extract<IncidentSlaState, { status: 'started' }>, timer: PendingTimer): string {
  const target = timer.details?.target as SlaTarget | undefined;
  if (!target || timer.purpose !== SLA_TIMER_PURPOSE) return `fires the SLA clocks' ${timer.purpose} timer`;
  return `records SlaBreached for the ${target} target of ${sla.priority ?? 'the incident'} (SLA v${sla.slaVersion}) unless the incident is ${STOPPED_BY[target]} first; then ${breachAction(incident)}`;
}

const taskAction = (task: Task, timer: PendingTimer): string =>
  timer.purpose === TASK_DUE ? `records TaskOverdue for task "${task.title}" unless it is done or cancelled first` : `fires task "${task.title}"'s ${timer.purpose} timer`;

const listed = (timers: PendingTimers, owner: WarRoomTimer['owner'], streamId: string, action: (t: PendingTimer) => string, taskId: string | null = null): WarRoomTimer[] =>
  Object.values(timers).map((t) => ({ timerId: t.timerId, owner, streamId, purpose: t.purpose, dueAt: t.dueAt, action: action(t), taskId }));

export function warRoomBlocks(incident: Incident, tasks: readonly Task[], sla: IncidentSlaState, comms: IncidentCommsState, now: Date): WarRoomBlocks {
  const responders = [...new Map(incident.pages.map((p) => [p.personId, { personId: p.personId, name: p.responder }])).values()];
  const timers = [
    ...listed(incident.escalation.timers, 'response', `${RESPONSE_STREAM_PREFIX}${incident.incidentId}`, (t) => responseAction(incident, t)),
    ...(sla.status === 'started' ? listed(sla.timers, 'sla', `${INCIDENT_SLA_STREAM_PREFIX}${incident.incidentId}`, (t) => slaAction(incident, sla, t)) : []),
    ...tasks.flatMap((task) => listed(task.timers, 'task', `${TASK_STREAM_PREFIX}${task.taskId}`, (t) => taskAction(task, t), task.taskId)),
  ].sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt) || a.timerId.localeCompare(b.timerId));
  return {
    responders,
    tasks: tasks.map((t) => ({ taskId: t.taskId, title: t.title, status: t.status, assignee: t.assignee, dueAt: t.dueAt, overdue: t.overdueAt !== null })),
    sla: sla.status === 'started' ? incidentSlaView(sla, now) : null,
    pendingTimers: timers,
    lastStakeholderUpdateAt: comms.lastUpdate?.postedAt ?? null,
  };
}
