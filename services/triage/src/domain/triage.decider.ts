import { assertNever, CommandContext, Decider, DomainError, metadataOf, NotFoundError } from '@linchpin/eventsourcing';
import {
  IncidentQueued,
  IncidentQueuedEvent,
  IncidentReassessed,
  IncidentReassessedEvent,
  IncidentReprioritised,
  IncidentReprioritisedEvent,
  IncidentTriaged,
  IncidentTriagedEvent,
  TriagePagingNoted,
  TriagePagingNotedEvent,
  TriageEscalationExhaustedNoted,
  TriageEscalationExhaustedNotedEvent,
  TriageStatusChanged,
  TriageStatusChangedEvent,
} from '@linchpin/contracts';
import { alreadyApplied, AppliedCauses, remember } from './applied-causes';
import { assess, decide, Decision, Evidence, IncidentFacts, levelsOf } from './assessment';
import { asLevel, Level, Priority, PriorityMatrix, severityOf, SevLevel } from './priority-matrix';
import { canonicalDefaultRoute, RoutingRuleSet } from './routing-rules';

export type QueuedIncident = IncidentQueuedEvent['data'];
export type Triage = IncidentTriagedEvent['data'] & { triagedAt: string };
/** Coordination's lifecycle status, as triage records it (TriageStatusChanged v2). */
export type FollowedStatus = TriageStatusChangedEvent['data']['status'];
/** Where the incident is, as coordination last told triage; `open` is coordination's `triggered` (nobody has acknowledged it). */
export type Progress = Exclude<FollowedStatus, 'triggered'> | 'open';
export type ReprioritiseTrigger = IncidentReprioritisedEvent['data']['trigger'];

/** The priority in force now: the first triage's, or the last re-triage's or override's. */
export interface Current extends Decision {
  matrix: { id: string; version: number };
  overridden: boolean;
  /** When it last changed. */
  since: string;
}

/** Record receipt of a detected incident; it is triaged once detection's assessment arrives. */
export interface QueueIncident {
  type: 'QueueIncident';
  eventId: string;
  /** The incident's id, as in `incident`: the stream it is queued on. */
  incidentId: string;
  incident: QueuedIncident;
  context: CommandContext;
}

/**
 * New evidence (detection's assessment, the catalog's tier): triages a queued incident, and
 * re-triages a triaged one. `eventIds` name the events it may record, in order.
 */
export interface AssessIncident {
  type: 'AssessIncident';
  eventIds: [reassessed: string, decision: string];
  incidentId: string;
  causeId: string;
  evidence: Evidence;
  matrix: PriorityMatrix;
  rules: RoutingRuleSet;
  /**
   * The catalog's owners of the impacted services, by lower-cased service name; routing rules that
   * route by the catalog use the owner of the incident's own service.
   */
  catalogOwners?: Record<string, CatalogOwner>;
  context: CommandContext;
}

/** A person sets the priority, with a reason; automatic re-triage then leaves it until cleared. */
export interface OverridePriority {
  type: 'OverridePriority';
  eventId: string;
  incidentId: string;
  priority: Priority;
  severity?: SevLevel;
  reason: string;
  by: string;
  context: CommandContext;
}

/** A person hands the priority back to the evidence. */
export interface ClearOverride {
  type: 'ClearOverride';
  eventId: string;
  incidentId: string;
  reason: string;
  by: string;
  matrix: PriorityMatrix;
  context: CommandContext;
}

/**
 * Coordination moved the incident: acknowledged, investigating, identified, monitoring, resolved, or
 * back to triggered (a reopen or a reassignment). `context.causationId` is coordination's event: the
 * one a redelivery would bring again.
 */
export interface ChangeStatus {
  type: 'ChangeStatus';
  eventId: string;
  incidentId: string;
  status: FollowedStatus;
  /** Type of coordination's event, e.g. `IncidentStatusChanged`. */
  cause: string;
  by?: string;
  context: CommandContext;
}

/** Coordination paged someone (ResponderPaged), could page nobody (IncidentUnrouted), or the page failed (PageFailed). */
export interface NotePaging {
  type: 'NotePaging';
  eventId: string;
  incidentId: string;
  paged: boolean;
  reason: string;
  team: string;
  cause: string;
  context: CommandContext;
}

/** Coordination's escalation policy ran out unacknowledged (EscalationExhausted): flagged in every view. */
export interface NoteEscalationExhausted {
  type: 'NoteEscalationExhausted';
  eventId: string;
  incidentId: string;
  reason: string;
  fallbackTeam: string | null;
  context: CommandContext;
}

/** Whether anyone was paged, as coordination last told triage. */
export interface Paging {
  paged: boolean;
  reason: string;
}

export interface CatalogOwner {
  team: string;
  escalationPolicy?: string;
}

/** The owner of the incident's own service among those the catalog knows (names compared lower-cased). */
export const ownerOf = (incident: QueuedIncident, owners: Record<string, CatalogOwner> | undefined): CatalogOwner | undefined =>
  incident.service !== undefined ? owners?.[incident.service.toLowerCase()] : undefined;

export type TriageCommand = QueueIncident | AssessIncident | OverridePriority | ClearOverride | ChangeStatus | NotePaging | NoteEscalationExhausted;
export type TriageEvent =
  | IncidentQueuedEvent
  | IncidentTriagedEvent
  | TriageStatusChangedEvent
  | IncidentReassessedEvent
  | IncidentReprioritisedEvent
  | TriagePagingNotedEvent
  | TriageEscalationExhaustedNotedEvent;

/** What triage heard from coordination, kept in every phase. */
interface Followed {
  progress: Progress;
  paging?: Paging;
  escalationExhausted?: boolean;
  /** The coordination events whose status triage recorded, newest last (applied-causes.ts). */
  applied?: AppliedCauses;
}

/**
 * Progress and paging are kept in every phase: coordination's news may arrive before detection's
 * (they travel on different topics), and it must not be lost.
 */
export type TriageState =
  | ({ phase: 'unknown' } & Followed)
  | ({ phase: 'queued'; incident: QueuedIncident; evidence?: Evidence } & Followed)
  | ({ phase: 'triaged'; incident: QueuedIncident; triage: Triage; current: Current; evidence?: Evidence } & Followed);

const progressOf = (status: FollowedStatus): Progress => (status === 'triggered' ? 'open' : status);

export const factsOf = (incident: QueuedIncident): IncidentFacts => ({
  title: incident.title,
  severity: incident.severity,
  source: incident.source,
  labels: incident.labels,
  ...(incident.service !== undefined ? { service: incident.service } : {}),
});

/**
 * Field by field, not as one JSON string: evidence folded from a stored IncidentReassessed lists
 * its keys in another order than the reactor builds them, so the same evidence would look new.
 * A Record so that a field added to Evidence cannot be forgotten here.
 */
const EVIDENCE_FIELDS: Record<keyof Evidence, true> = {
  suggestedImpact: true,
  suggestedUrgency: true,
  impactedServices: true,
  alertCount: true,
  usersAffected: true,
  criticalTier: true,
  criticalReason: true,
};
const sameEvidence = (a: Evidence | undefined, b: Evidence): boolean =>
  a !== undefined && (Object.keys(EVIDENCE_FIELDS) as (keyof Evidence)[]).every((field) => JSON.stringify(a[field]) === JSON.stringify(b[field]));

const reassessed = (command: AssessIncident, owner: CatalogOwner | undefined): IncidentReassessedEvent =>
  IncidentReassessed.create(
    command.eventIds[0],
    {
      incidentId: command.incidentId,
      causeId: command.causeId,
      ...(command.evidence.suggestedImpact !== undefined ? { suggestedImpact: command.evidence.suggestedImpact } : {}),
      ...(command.evidence.suggestedUrgency !== undefined ? { suggestedUrgency: command.evidence.suggestedUrgency } : {}),
      impactedServices: command.evidence.impactedServices,
      alertCount: command.evidence.alertCount,
      ...(command.evidence.usersAffected !== undefined ? { usersAffected: command.evidence.usersAffected } : {}),
      ...(command.evidence.criticalTier !== undefined ? { criticalTier: command.evidence.criticalTier } : {}),
      ...(command.evidence.criticalReason !== undefined ? { criticalReason: command.evidence.criticalReason } : {}),
      ...(owner ? { catalogOwner: owner } : {}),
    },
    metadataOf(command.context, command.incidentId),
  );

/** Why new evidence raised the priority, in the terms a responder cares about. */
const triggerOf = (previous: Evidence | undefined, next: Evidence): { trigger: ReprioritiseTrigger; reason: string } => {
  const tierBefore = previous?.criticalTier ?? 5;
  // Only tiers 1 and 2 raise the impact: a better tier 3 or 4 is not what moved the priority.
  if (next.criticalTier !== undefined && next.criticalTier <= 2 && next.criticalTier < tierBefore) {
    return { trigger: 'dependency', reason: next.criticalReason ?? `a tier-${next.criticalTier} service is now impacted` };
  }
  if ((next.usersAffected ?? 0) > (previous?.usersAffected ?? 0)) {
    return { trigger: 'report', reason: `users report being affected: ${next.usersAffected} in all` };
  }
  return {
    trigger: 'signals',
    reason: `more signals: ${next.alertCount} alert(s) from ${next.impactedServices.length} service(s) (${next.impactedServices.join(', ') || 'none named'})`,
  };
};

const firstTriage = (command: AssessIncident, incident: QueuedIncident): TriageEvent[] => {
  const owner = ownerOf(incident, command.catalogOwners);
  const result = assess(factsOf(incident), command.evidence, command.matrix, command.rules, owner);
  return [
    reassessed(command, owner),
    IncidentTriaged.create(
      command.eventIds[1],
      {
        incidentId: incident.incidentId,
        priority: result.priority,
        severity: result.severity,
        impact: result.impact,
        urgency: result.urgency,
        matrix: { id: command.matrix.id, version: command.matrix.version },
        route: {
          team: result.route.team,
          ruleId: result.route.ruleId,
          ruleVersion: result.route.ruleVersion,
          ...(result.route.escalationPolicy !== undefined ? { escalationPolicy: result.route.escalationPolicy } : {}),
        },
        // Coordination pages the default route's team when the routed one does not exist or has nobody to page.
        fallbackRoute: canonicalDefaultRoute(command.rules.defaultRoute),
        ...(incident.service !== undefined ? { service: incident.service } : {}),
        title: incident.title,
        rationale: result.rationale,
      },
      metadataOf(command.context, incident.incidentId),
    ),
  ];
};

const reprioritised = (
  eventId: string,
  incidentId: string,
  current: Current,
  next: Decision,
  change: { trigger: ReprioritiseTrigger; reason: string; matrix: { id: string; version: number }; overridden: boolean; by?: string },
  context: CommandContext,
): IncidentReprioritisedEvent =>
  IncidentReprioritised.create(
    eventId,
    {
      incidentId,
      previous: { priority: current.priority, severity: current.severity, impact: current.impact, urgency: current.urgency },
      priority: next.priority,
      severity: next.severity,
      impact: next.impact,
      urgency: next.urgency,
      trigger: change.trigger,
      reason: change.reason,
      matrix: change.matrix,
      rationale: next.rationale,
      overridden: change.overridden,
      ...(change.by !== undefined ? { by: change.by } : {}),
    },
    metadataOf(context, incidentId),
  );

/**
 * Automatic re-triage only raises the priority: evidence that an incident is wider or more urgent
 * is news, while a quieter moment is not proof it is over. Lowering is a person's call (override).
 */
const retriage = (command: AssessIncident, state: Extract<TriageState, { phase: 'triaged' }>): TriageEvent[] => {
  if (sameEvidence(state.evidence, command.evidence)) return [];
  const events: TriageEvent[] = [reassessed(command, ownerOf(state.incident, command.catalogOwners))];
  if (state.current.overridden) return events;
  const levels = levelsOf(factsOf(state.incident), command.evidence);
  const impact = Math.min(levels.impact, state.current.impact) as Level;
  const urgency = Math.min(levels.urgency, state.current.urgency) as Level;
  const kept = [
    ...(impact < levels.impact ? [`Impact stays ${impact}: automatic re-triage never lowers it.`] : [levels.reasons[0]]),
    ...(urgency < levels.urgency ? [`Urgency stays ${urgency}: automatic re-triage never lowers it.`] : [levels.reasons[1]]),
  ];
  const next = decide({ impact, urgency, reasons: kept }, command.matrix);
  if (next.priority === state.current.priority) return events;
  const { trigger, reason } = triggerOf(state.evidence, command.evidence);
  const matrix = { id: command.matrix.id, version: command.matrix.version };
  return [...events, reprioritised(command.eventIds[1], command.incidentId, state.current, next, { trigger, reason, matrix, overridden: false }, command.context)];
};

const assessIncident = (command: AssessIncident, state: TriageState): TriageEvent[] => {
  switch (state.phase) {
    case 'unknown':
      // Detection publishes the incident before its assessment; until it is here, retry later.
      throw new NotFoundError('incident', command.incidentId);
    case 'queued':
      return firstTriage(command, state.incident);
    case 'triaged':
      return retriage(command, state);
    default:
      return assertNever(state);
  }
};

const override = (command: OverridePriority, state: TriageState): TriageEvent[] => {
  if (state.phase !== 'triaged') throw new DomainError('not-triaged', `incident ${command.incidentId} is not triaged yet`);
  if (command.reason.trim() === '') throw new DomainError('reason-required', 'an override needs a reason', 'reason');
  const { current } = state;
  const severity = command.severity ?? severityOf(command.priority);
  if (current.overridden && current.priority === command.priority && current.severity === severity) return [];
  const next: Decision = {
    priority: command.priority,
    severity,
    impact: current.impact,
    urgency: current.urgency,
    rationale: [`${command.priority} set by ${command.by}: ${command.reason}`],
  };
  return [
    reprioritised(command.eventId, command.incidentId, current, next, { trigger: 'override', reason: command.reason, matrix: current.matrix, overridden: true, by: command.by }, command.context),
  ];
};

const clearOverride = (command: ClearOverride, state: TriageState): TriageEvent[] => {
  if (state.phase !== 'triaged' || !state.current.overridden) {
    throw new DomainError('no-override', `incident ${command.incidentId} has no priority override to clear`);
  }
  const next = decide(levelsOf(factsOf(state.incident), state.evidence), command.matrix);
  const matrix = { id: command.matrix.id, version: command.matrix.version };
  return [
    reprioritised(
      command.eventId,
      command.incidentId,
      state.current,
      next,
      { trigger: 'override-cleared', reason: command.reason.trim() || 'override cleared', matrix, overridden: false, by: command.by },
      command.context,
    ),
  ];
};

/**
 * The status follows coordination's, which moves back as well as forward (a reopen, a reassignment).
 * Coordination's events of an incident arrive in order, so the latest word wins; a redelivered older
 * one is not news (its cause was applied), and the same status again records nothing.
 */
const changeStatus = (command: ChangeStatus, state: TriageState): TriageEvent[] => {
  if (alreadyApplied(state.applied, command.context.causationId)) return [];
  if (progressOf(command.status) === state.progress) return [];
  return [
    TriageStatusChanged.create(
      command.eventId,
      {
        incidentId: command.incidentId,
        status: command.status,
        cause: command.cause,
        ...(command.by !== undefined ? { by: command.by } : {}),
      },
      metadataOf(command.context, command.incidentId),
    ),
  ];
};

/**
 * Noted when it changes what the views say: the first word from coordination, someone paged after
 * nobody could be, or nobody reached after all (the page failed). Later pages (escalations) of an
 * incident already paged are not news here. Coordination's events of one incident arrive in order.
 */
const notePaging = (command: NotePaging, state: TriageState): TriageEvent[] => {
  if (state.paging !== undefined && state.paging.paged === command.paged) return [];
  return [
    TriagePagingNoted.create(
      command.eventId,
      { incidentId: command.incidentId, paged: command.paged, reason: command.reason, team: command.team, cause: command.cause },
      metadataOf(command.context, command.incidentId),
    ),
  ];
};

export const evidenceOf = (event: IncidentReassessedEvent): Evidence => {
  const { incidentId: _id, causeId: _cause, catalogOwner: _owner, suggestedImpact, suggestedUrgency, criticalTier, ...rest } = event.data;
  return {
    ...rest,
    ...(suggestedImpact !== undefined ? { suggestedImpact: asLevel(suggestedImpact) } : {}),
    ...(suggestedUrgency !== undefined ? { suggestedUrgency: asLevel(suggestedUrgency) } : {}),
    ...(criticalTier !== undefined ? { criticalTier: asLevel(criticalTier) } : {}),
  };
};

export const triageDecider: Decider<TriageCommand, TriageState, TriageEvent> = {
  initialState: { phase: 'unknown', progress: 'open' },
  evolve(state, event) {
    switch (event.type) {
      case 'IncidentQueued':
        return state.phase === 'unknown' ? { ...state, phase: 'queued', incident: event.data } : state;
      case 'IncidentReassessed':
        return state.phase === 'unknown' ? state : { ...state, evidence: evidenceOf(event) };
      case 'IncidentTriaged': {
        if (state.phase !== 'queued') return state;
        const { data } = event;
        const current: Current = {
          priority: data.priority,
          severity: data.severity,
          impact: asLevel(data.impact),
          urgency: asLevel(data.urgency),
          rationale: data.rationale,
          matrix: data.matrix,
          overridden: false,
          since: event.metadata.occurredAt,
        };
        return { ...state, phase: 'triaged', triage: { ...data, triagedAt: event.metadata.occurredAt }, current };
      }
      case 'IncidentReprioritised': {
        if (state.phase !== 'triaged') return state;
        const { data } = event;
        return {
          ...state,
          current: {
            priority: data.priority,
            severity: data.severity,
            impact: asLevel(data.impact),
            urgency: asLevel(data.urgency),
            rationale: data.rationale,
            matrix: data.matrix,
            overridden: data.overridden,
            since: event.metadata.occurredAt,
          },
        };
      }
      case 'TriageStatusChanged':
        return { ...state, progress: progressOf(event.data.status), applied: remember(state.applied, event.metadata.causationId) };
      case 'TriagePagingNoted':
        return { ...state, paging: { paged: event.data.paged, reason: event.data.reason } };
      case 'TriageEscalationExhaustedNoted':
        return { ...state, escalationExhausted: true };
      default:
        return assertNever(event);
    }
  },
  decide(command, state) {
    switch (command.type) {
      case 'QueueIncident':
        return state.phase === 'unknown' ? [IncidentQueued.create(command.eventId, command.incident, metadataOf(command.context, command.incidentId))] : [];
      case 'AssessIncident':
        return assessIncident(command, state);
      case 'OverridePriority':
        return override(command, state);
      case 'ClearOverride':
        return clearOverride(command, state);
      case 'ChangeStatus':
        return changeStatus(command, state);
      case 'NotePaging':
        return notePaging(command, state);
      case 'NoteEscalationExhausted':
        // Once: an escalation is exhausted once, and a redelivery notes nothing again.
        return state.escalationExhausted
          ? []
          : [
              TriageEscalationExhaustedNoted.create(
                command.eventId,
                { incidentId: command.incidentId, reason: command.reason, fallbackTeam: command.fallbackTeam },
                metadataOf(command.context, command.incidentId),
              ),
            ];
      default:
        return assertNever(command);
    }
  },
};
