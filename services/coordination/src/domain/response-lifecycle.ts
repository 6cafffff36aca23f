import {
  CommandContext,
  DomainError,
  NotFoundError,
  assertNever,
  deterministicId,
  isPending,
  metadataOf,
  scheduleTimer,
  timerCancelled,
} from '@linchpin/eventsourcing';
import {
  IncidentMitigatedV1,
  IncidentReassignedV1,
  IncidentReopenedV1,
  IncidentSnoozeEndedV1,
  IncidentSnoozedV1,
  IncidentStatusChangedV1,
  RespondersAddedV1,
  IncidentAcknowledgedV1,
  IncidentResolvedV1,
  ResponderPagedV3,
  ResponsePriorityChangedV1,
} from '@linchpin/contracts';
import {
  escalationAcknowledged,
  escalationResolved,
  escalationRestarted,
  escalationSnoozeEnded,
  escalationSnoozed,
  escalationStopped,
  escalationSeed,
  escalationTimerFired,
  evolveEscalation as foldEscalation,
  startEscalation,
} from './escalation';
import { LIFECYCLE, LifecycleStatus, ResponseState, IncidentState, snoozeTimerId, SNOOZE, live, teamIdFor } from './response-state';
import { ResponseEvent } from './response-events';
import {
  AcknowledgeIncident,
  ResolveIncident,
  ChangePriority,
  ChangeStatus,
  MitigateIncident,
  ReopenIncident,
  ReassignIncident,
  EscalateIncident,
  AddResponders,
  SnoozeIncident,
  UnsnoozeIncident,
} from './response-commands';
import { PageContext, pagesOf, contextOf } from './response-paging';

/* ----------------------------------------------------------------------------------------------
 * Acknowledge, resolve, and triage's priority changes; then issue 13: the lifecycle. triggered →
 * acknowledged → investigating → identified → monitoring → resolved; mitigation its own moment;
 * reopen within a window; reassign, escalate by hand, add responders, snooze. A move that makes no
 * sense is a DomainError (409) whose code says which.
 * -------------------------------------------------------------------------------------------- */

export function decideAcknowledge(command: AcknowledgeIncident, state: ResponseState): ResponseEvent[] {
  switch (state.status) {
    case 'none':
      throw new NotFoundError('incident', command.incidentId);
    case 'triggered':
      return [
        IncidentAcknowledgedV1.create(command.eventId, { incidentId: command.incidentId, by: command.by }, metadataOf(command.context, command.incidentId)),
        // The level deadline is cancelled (and an acknowledgement timeout scheduled) in the same append.
        ...escalationAcknowledged(state.escalation, { incidentId: command.incidentId, context: command.context }),
      ];
    // A second acknowledgement is refused (409) rather than ignored: the caller learns who owns it.
    case 'acknowledged':
    case 'investigating':
    case 'identified':
    case 'monitoring':
      throw new DomainError('already_acknowledged', `incident already acknowledged by ${state.acknowledgedBy}`);
    case 'resolved':
      throw new DomainError('already_resolved', 'incident is resolved: it cannot be acknowledged');
    default:
      return assertNever(state);
  }
}

export function decideResolve(command: ResolveIncident, state: ResponseState): ResponseEvent[] {
  switch (state.status) {
    case 'none':
      throw new NotFoundError('incident', command.incidentId);
    case 'triggered':
    case 'acknowledged':
    case 'investigating':
    case 'identified':
    case 'monitoring':
      return [
        IncidentResolvedV1.create(
          command.eventId,
          { incidentId: command.incidentId, by: command.by, ...(command.resolution ? { resolution: command.resolution } : {}) },
          metadataOf(command.context, command.incidentId),
        ),
        ...escalationResolved(state.escalation, { incidentId: command.incidentId, context: command.context }),
        ...cancelSnooze(state, 'resolved', command.context),
      ];
    case 'resolved':
      throw new DomainError('already_resolved', `incident already resolved by ${state.resolvedBy}`);
    default:
      return assertNever(state);
  }
}

/**
 * Taken at any status (a resolved incident's priority still matters to its review); ignored
 * before the incident reached coordination, whose first page then carries triage's latest word.
 */
export function decidePriorityChange(command: ChangePriority, state: ResponseState): ResponseEvent[] {
  if (state.status === 'none' || state.priority === command.priority) return [];
  return [
    ResponsePriorityChangedV1.create(
      command.eventId,
      {
        incidentId: command.incidentId,
        previous: state.priority,
        priority: command.priority,
        severity: command.severity,
        trigger: command.trigger,
        reason: command.reason,
      },
      metadataOf(command.context, command.incidentId),
    ),
  ];
}

const rank = (status: LifecycleStatus): number => LIFECYCLE.indexOf(status);

/** The pending snooze's timer cancelled (a resolution, a reassignment, an unsnooze, a new snooze). */
export const cancelSnooze = (state: ResponseState, reason: string, context: CommandContext): ResponseEvent[] =>
  state.status !== 'none' && state.snooze && isPending(state.escalation.timers, state.snooze.timerId)
    ? [timerCancelled(state.snooze.timerId, reason, metadataOf(context, state.incidentId))]
    : [];

export function decideStatusChange(command: ChangeStatus, state: ResponseState): ResponseEvent[] {
  const incident = live(state, command.incidentId);
  const from = incident.status;
  if (from === 'resolved') throw new DomainError('incident_resolved', `incident is resolved: it cannot move to ${command.to} (reopen it first)`);
  if (from === 'triggered') {
    throw new DomainError('not_acknowledged', `nobody has acknowledged the incident: acknowledge it before moving it to ${command.to} (its escalation is still paging)`);
  }
  if (from === command.to) throw new DomainError('same_status', `incident is already ${from}`);
  if (rank(command.to) < rank(from)) throw new DomainError('status_backwards', `incident is ${from}: it cannot move back to ${command.to} (the lifecycle only moves forward; reopen a resolved incident)`);
  return [
    IncidentStatusChangedV1.create(
      command.eventId,
      { incidentId: command.incidentId, from, to: command.to, by: command.by, ...(command.note ? { note: command.note } : {}) },
      metadataOf(command.context, command.incidentId),
    ),
  ];
}

export function decideMitigate(command: MitigateIncident, state: ResponseState): ResponseEvent[] {
  const incident = live(state, command.incidentId);
  if (incident.status === 'resolved') throw new DomainError('already_resolved', 'incident is resolved: mitigation is recorded before the resolution');
  if (incident.mitigatedAt !== null) throw new DomainError('already_mitigated', `incident already mitigated at ${incident.mitigatedAt} by ${incident.mitigatedBy}`);
  return [
    IncidentMitigatedV1.create(
      command.eventId,
      { incidentId: command.incidentId, mitigatedAt: command.context.occurredAt, by: command.by, ...(command.note ? { note: command.note } : {}) },
      metadataOf(command.context, command.incidentId),
    ),
  ];
}

/**
 * Whether a reopen of this state restarts the escalation (as PagerDuty re-triggers): when nobody had
 * acknowledged it and it had an escalation. The application resolves the policy's first levels then.
 */
export const reopenRestartsEscalation = (state: ResponseState): boolean =>
  state.status === 'resolved' && state.acknowledgedBy === null && state.escalation.policy !== null;

export function decideReopen(command: ReopenIncident, state: ResponseState): ResponseEvent[] {
  const incident = live(state, command.incidentId);
  if (incident.status !== 'resolved' || incident.resolvedAt === null) throw new DomainError('not_resolved', `incident is ${incident.status}: only a resolved incident can be reopened`);
  const deadline = Date.parse(incident.resolvedAt) + command.windowMinutes * 60_000;
  if (Date.parse(command.context.occurredAt) > deadline) {
    throw new DomainError(
      'reopen_window_passed',
      `incident was resolved at ${incident.resolvedAt}: it could be reopened for ${command.windowMinutes} min, until ${new Date(deadline).toISOString()}; open a new incident instead`,
    );
  }
  const restart = reopenRestartsEscalation(incident);
  const status = incident.acknowledgedBy === null ? 'triggered' : 'acknowledged';
  const metadata = metadataOf(command.context, command.incidentId);
  const reopened = IncidentReopenedV1.create(
    command.eventId,
    { incidentId: command.incidentId, by: command.by, reason: command.reason, status, resolvedAt: incident.resolvedAt, escalationRestarted: restart },
    metadata,
  );
  const escalation = foldEscalation(incident.escalation, reopened);
  const input = { incidentId: command.incidentId, context: command.context };
  if (!restart || !incident.escalation.policy) return [reopened, ...escalationSnoozeEnded(escalation, input)];
  const engine = startEscalation(escalation, {
    ...input,
    policy: incident.escalation.policy,
    fallbackTeam: incident.escalation.fallbackTeam,
    levels: command.levels ?? [],
    ...(command.notificationRules ? { notificationRules: command.notificationRules } : {}),
  });
  const after: IncidentState = { ...incident, escalation };
  return [reopened, ...engine, ...pagesOf(engine, { ...contextOf(after, teamIdFor(incident), command.context, command.onExhausted), lastOrdinal: 0 })];
}

export function decideReassign(command: ReassignIncident, state: ResponseState): ResponseEvent[] {
  const incident = live(state, command.incidentId);
  if (incident.status === 'resolved') throw new DomainError('already_resolved', 'incident is resolved: reopen it before reassigning it');
  if (command.to.kind === 'team' && incident.teamId === command.to.id && incident.status === 'triggered') {
    throw new DomainError('already_assigned', `incident is already with team "${command.to.name}" and is being paged`);
  }
  const input = { incidentId: command.incidentId, context: command.context };
  const metadata = metadataOf(command.context, command.incidentId);
  const stopped = [...escalationStopped(incident.escalation, input, 'reassigned'), ...cancelSnooze(incident, 'reassigned', command.context)];
  const reassigned = IncidentReassignedV1.create(command.eventId, { incidentId: command.incidentId, by: command.by, to: command.to, previousTeam: incident.team }, metadata);
  const escalation = escalationRestarted(incident.escalation);
  const engine = startEscalation(escalation, {
    ...input,
    policy: command.plan.policy,
    fallbackTeam: incident.escalation.fallbackTeam,
    levels: command.plan.levels,
    ...(command.plan.notificationRules ? { notificationRules: command.plan.notificationRules } : {}),
  });
  const team = command.to.kind === 'team' ? { teamId: command.to.id, team: command.to.name } : { teamId: teamIdFor(incident), team: incident.team };
  const pc: PageContext = {
    incidentId: command.incidentId,
    ...team,
    priority: incident.priority ?? 'P3',
    title: incident.title ?? '',
    levelsPerPass: command.plan.policy.levels.length,
    lastOrdinal: 0,
    seed: escalationSeed(escalation, command.incidentId),
    ...(command.onExhausted ? { onExhausted: command.onExhausted } : {}),
    context: command.context,
  };
  const pages = pagesOf(engine, pc);
  if (pages.length === 0) {
    throw new DomainError('nobody_to_page', `${command.to.kind} "${command.to.name}" has nobody who can be paged now: the incident stays where it is`);
  }
  return [...stopped, reassigned, ...engine, ...pages];
}

/** The pending level deadline, fired now: the same events as when it comes due. */
export const pendingDeadline = (state: ResponseState): { timerId: string; dueAt: string } | null => {
  const deadline = state.escalation.deadline;
  return deadline && isPending(state.escalation.timers, deadline.timerId) ? deadline : null;
};

export function decideEscalate(command: EscalateIncident, state: ResponseState): ResponseEvent[] {
  const incident = live(state, command.incidentId);
  if (incident.status === 'resolved') throw new DomainError('already_resolved', 'incident is resolved: there is nobody left to escalate to');
  if (incident.status !== 'triggered') {
    throw new DomainError('already_acknowledged', `incident acknowledged by ${incident.acknowledgedBy}: escalating pages the next level only while nobody has (add responders or reassign instead)`);
  }
  const deadline = pendingDeadline(incident);
  if (!deadline || !incident.escalation.policy) {
    throw new DomainError('escalation_not_running', incident.escalation.exhausted ? 'the escalation is exhausted: there is no next level' : 'the incident has no escalation under way (nobody was paged)');
  }
  const engine = escalationTimerFired(incident.escalation, {
    incidentId: command.incidentId,
    context: command.context,
    timer: deadline,
    levels: command.levels,
    ...(command.notificationRules ? { notificationRules: command.notificationRules } : {}),
  });
  return [...engine, ...pagesOf(engine, contextOf(incident, teamIdFor(incident), command.context, command.onExhausted))];
}

export function decideAddResponders(command: AddResponders, state: ResponseState): ResponseEvent[] {
  const incident = live(state, command.incidentId);
  if (incident.status === 'resolved') throw new DomainError('already_resolved', 'incident is resolved: reopen it before adding responders');
  const metadata = metadataOf(command.context, command.incidentId);
  const paged = command.people.map((p) => ({ ...p, pageId: deterministicId(command.eventId, `responders.page.${p.personId}`) }));
  const level = Math.max(1, ...incident.pages.map((p) => p.escalationLevel));
  const reason = command.reason ?? `added to the response by ${command.by}`;
  return [
    RespondersAddedV1.create(command.eventId, { incidentId: command.incidentId, by: command.by, responders: paged.map(({ personId, name, pageId }) => ({ personId, name, pageId })) }, metadata),
    ...paged.map((p) =>
      ResponderPagedV3.create(
        deterministicId(p.pageId, 'coordination.responder-paged'),
        {
          incidentId: command.incidentId,
          pageId: p.pageId,
          teamId: teamIdFor(incident),
          team: incident.team,
          personId: p.personId,
          responder: p.name,
          contactMethodId: p.contactMethodId,
          contactKind: p.contactKind,
          priority: incident.priority ?? 'P3',
          title: incident.title ?? '',
          escalationLevel: level,
          reason,
        },
        metadata,
      ),
    ),
  ];
}

export function decideSnooze(command: SnoozeIncident, state: ResponseState): ResponseEvent[] {
  const incident = live(state, command.incidentId);
  if (incident.status === 'resolved') throw new DomainError('already_resolved', 'incident is resolved: there is nothing to snooze');
  if (incident.status === 'triggered') throw new DomainError('not_acknowledged', 'only an acknowledged incident can be snoozed: acknowledge it first');
  const metadata = metadataOf(command.context, command.incidentId);
  const timerId = snoozeTimerId(command.incidentId, incident.snoozes);
  return [
    ...cancelSnooze(incident, 'snoozed again', command.context),
    ...escalationSnoozed(incident.escalation, { incidentId: command.incidentId, context: command.context }),
    IncidentSnoozedV1.create(command.eventId, { incidentId: command.incidentId, by: command.by, until: command.until }, metadata),
    scheduleTimer({ timerId, dueAt: command.until, purpose: SNOOZE, details: { by: command.by } }, metadata),
  ];
}

export function decideUnsnooze(command: UnsnoozeIncident, state: ResponseState): ResponseEvent[] {
  const incident = live(state, command.incidentId);
  if (!incident.snooze) throw new DomainError('not_snoozed', `incident is ${incident.status} and not snoozed`);
  const input = { incidentId: command.incidentId, context: command.context };
  return [
    ...cancelSnooze(incident, 'unsnoozed', command.context),
    IncidentSnoozeEndedV1.create(command.eventId, { incidentId: command.incidentId, cause: 'unsnoozed', by: command.by, snoozedUntil: incident.snooze.until }, metadataOf(command.context, command.incidentId)),
    ...escalationSnoozeEnded(incident.escalation, input),
  ];
}
