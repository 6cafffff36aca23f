import { Decider, assertNever } from '@linchpin/eventsourcing';
import { escalationRestarted, escalationSnoozeEnded, escalationStopped, evolveEscalation, startEscalation } from './escalation';
import { decideAssignRole, decideReleaseRole } from './response-roles';
import { MergeCommand, decideAbsorb, decideLink, decideMerge, decideSplit, decideUnlink, decideUnmerge, refuseMerged } from './response-merge';
import { ResponseState, initialResponseState, evolveCauses, evolveResponse, notFound, live, teamIdFor } from './response-state';
import { ResponseEvent } from './response-events';
import { ResponseCommand } from './response-commands';
import { decidePage, decideDeliveryFailed, decidePageFailure, contextOf, pagesOf } from './response-paging';
import { decideTimer } from './response-timers';
import {
  decideAcknowledge,
  decideResolve,
  decidePriorityChange,
  cancelSnooze,
  decideStatusChange,
  decideMitigate,
  decideReopen,
  decideReassign,
  decideEscalate,
  decideAddResponders,
  decideSnooze,
  decideUnsnooze,
} from './response-lifecycle';
import { decideSlaBreach } from './response-sla-breach';

/*
 * The decider of `response-<incidentId>`: one incident's response, from its first page to its
 * resolution. It assembles its parts, a file each: the commands (response-commands.ts), the events
 * (response-events.ts), the state and its fold (response-state.ts), paging and the escalation's pages
 * (response-paging.ts), the timers (response-timers.ts), the lifecycle (response-lifecycle.ts), roles
 * (response-roles.ts), merge and link (response-merge.ts) and what an SLA breach does
 * (response-sla-breach.ts). Other layers import the response's types and helpers from here.
 */
export * from './response-commands';
export type { ResponseEvent } from './response-events';
export { LIFECYCLE, SNOOZE, snoozeTimerId } from './response-state';
export type { Causes, LifecycleStatus, Page, Response, ResponseState, WorkingStatus } from './response-state';
export { onCallOf, rosterPlan } from './response-paging';
export { pendingDeadline, reopenRestartsEscalation } from './response-lifecycle';
export { slaBreachActionOf } from './response-sla-breach';
export type { SlaBreachAction } from './response-sla-breach';

export const responseDecider: Decider<ResponseCommand, ResponseState, ResponseEvent> = {
  initialState: initialResponseState,
  evolve(state, event) {
    return { ...evolveResponse(state, event), escalation: evolveEscalation(state.escalation, event), causes: evolveCauses(state.causes, event) };
  },
  decide(command, state) {
    // A merged incident takes no person's command but an unmerge (409 naming the survivor).
    if (state.status !== 'none' && REFUSED_WHEN_MERGED.has(command.type)) refuseMerged(state.merge, command.incidentId);
    switch (command.type) {
      case 'PageOnCall':
        return decidePage(command, state);
      case 'ChangePriority':
        return decidePriorityChange(command, state);
      case 'AcknowledgeIncident':
        return decideAcknowledge(command, state);
      case 'ResolveIncident':
        return decideResolve(command, state);
      case 'RecordPageFailure':
        return decidePageFailure(command, state);
      case 'FireTimer':
        return decideTimer(command, state);
      case 'RecordDeliveryAttemptFailed':
        // A merged incident's escalation stopped: a failed page of it moves nobody on.
        return state.status !== 'none' && state.merge.mergedInto !== null ? [] : decideDeliveryFailed(command, state);
      case 'ChangeStatus':
        return decideStatusChange(command, state);
      case 'MitigateIncident':
        return decideMitigate(command, state);
      case 'ReopenIncident':
        return decideReopen(command, state);
      case 'ReassignIncident':
        return decideReassign(command, state);
      case 'EscalateIncident':
        return decideEscalate(command, state);
      case 'AddResponders':
        return decideAddResponders(command, state);
      case 'SnoozeIncident':
        return decideSnooze(command, state);
      case 'UnsnoozeIncident':
        return decideUnsnooze(command, state);
      case 'AssignRole':
        return state.status === 'none' ? notFound(command.incidentId) : decideAssignRole(command, state.roles);
      case 'ReleaseRole':
        return state.status === 'none' ? notFound(command.incidentId) : decideReleaseRole(command, state.roles);
      case 'MergeIncident':
        return decideMergeInto(command, state);
      case 'AbsorbIncident':
        return state.status === 'none' ? [] : decideAbsorb(command, state.merge);
      case 'UnmergeIncident':
        return decideUnmergeResponse(command, state);
      case 'SplitIncident':
        return state.status === 'none' ? [] : decideSplit(command, state.merge);
      case 'LinkIncident':
        return decideLink(command, live(state, command.incidentId).merge);
      case 'UnlinkIncident':
        return decideUnlink(command, live(state, command.incidentId).merge);
      case 'RespondToSlaBreach':
        return decideSlaBreach(command, state);
      default:
        return assertNever(command);
    }
  },
};

/* ----------------------------------------------------------------------------------------------
 * issue 13: merge and link (the rules in response-merge.ts).
 * -------------------------------------------------------------------------------------------- */

/** The commands a person sends that a merged incident refuses (409 `incident_merged`); reactions decide as before. */
const REFUSED_WHEN_MERGED: ReadonlySet<ResponseCommand['type']> = new Set<ResponseCommand['type']>([
  'AcknowledgeIncident',
  'ResolveIncident',
  'ChangeStatus',
  'MitigateIncident',
  'ReopenIncident',
  'ReassignIncident',
  'EscalateIncident',
  'AddResponders',
  'SnoozeIncident',
  'UnsnoozeIncident',
  'AssignRole',
  'ReleaseRole',
]);

/**
 * Merge into the survivor: `IncidentMerged` and, in the same append, every pending timer of the
 * escalation and the snooze cancelled (reason `merged`). The status stays what it was.
 */
/**
 * Unmerge: `IncidentUnmerged`, and the response the merge stopped goes on, or the incident would
 * wait unpaged: an unacknowledged incident's escalation restarts from level 1 of its policy (pages at
 * once, as a re-triggering reopen), an acknowledged one's acknowledgement timeout starts again.
 */
export const unmergeRestartsEscalation = (state: ResponseState): boolean =>
  state.status === 'triggered' && state.merge.mergedInto !== null && state.escalation.policy !== null;

function decideUnmergeResponse(command: Extract<MergeCommand, { type: 'UnmergeIncident' }>, state: ResponseState): ResponseEvent[] {
  const incident = live(state, command.incidentId);
  const unmerged = decideUnmerge(command, incident.merge);
  const input = { incidentId: command.incidentId, context: command.context };
  if (incident.status === 'resolved') return unmerged;
  if (!unmergeRestartsEscalation(incident) || !incident.escalation.policy) return [...unmerged, ...escalationSnoozeEnded(incident.escalation, input)];
  const escalation = escalationRestarted(incident.escalation);
  const engine = startEscalation(escalation, {
    ...input,
    policy: incident.escalation.policy,
    fallbackTeam: incident.escalation.fallbackTeam,
    levels: command.levels ?? [],
    ...(command.notificationRules ? { notificationRules: command.notificationRules } : {}),
  });
  const after = { ...incident, escalation };
  return [...unmerged, ...engine, ...pagesOf(engine, { ...contextOf(after, teamIdFor(incident), command.context, command.onExhausted), lastOrdinal: 0 })];
}

function decideMergeInto(command: Extract<MergeCommand, { type: 'MergeIncident' }>, state: ResponseState): ResponseEvent[] {
  const incident = live(state, command.incidentId);
  const merged = decideMerge(command, incident.merge, incident.status === 'resolved');
  const input = { incidentId: command.incidentId, context: command.context };
  return [...merged, ...escalationStopped(incident.escalation, input, 'merged'), ...cancelSnooze(incident, 'merged', command.context)];
}
