import { CommandContext, DomainError, NotFoundError, deterministicId, metadataOf } from '@linchpin/eventsourcing';
import {
  IncidentAbsorbedEvent,
  IncidentAbsorbedV1,
  IncidentLinkedEvent,
  IncidentLinkedV1,
  IncidentMergedEvent,
  IncidentMergedV1,
  IncidentSplitEvent,
  IncidentSplitV1,
  IncidentUnlinkedEvent,
  IncidentUnlinkedV1,
  IncidentUnmergedEvent,
  IncidentUnmergedV1,
} from '@linchpin/contracts';
import type { NotificationRulesByPerson, ResolvedLevel } from './escalation';
import type { FallbackPage } from './response-commands';

/*
 * issue 13, merge and link. A merge is two facts in two streams: `IncidentMerged` on the merged
 * incident (recorded first, with its escalation's timers cancelled), then `IncidentAbsorbed` on the
 * survivor, whose id derives from the merge's (`absorbedEventId`), so a second try, the handler's or
 * the reactor's that follows coordination's own topic, appends nothing twice. Unmerge likewise:
 * `IncidentUnmerged`, then `IncidentSplit`. Links live on the incident where they were made.
 */

export type LinkKind = IncidentLinkedEvent['data']['kind'];
export const LINK_KINDS: readonly LinkKind[] = ['caused-by', 'related-to'];

export interface IncidentLink {
  to: string;
  kind: LinkKind;
  by: string;
  linkedAt: string;
}

/** The merge side of a response: where it was merged (a pointer), what it absorbed, its links. */
export interface MergeState {
  /** The survivor this incident was merged into; null while it stands on its own. */
  mergedInto: string | null;
  mergedAt: string | null;
  mergedBy: string | null;
  /** The `IncidentMerged` in force: the survivor's `IncidentAbsorbed` id derives from it. */
  mergeEventId: string | null;
  /** Incidents merged into this one, in the order they were. */
  merged: string[];
  links: IncidentLink[];
}

export const noMerge: MergeState = { mergedInto: null, mergedAt: null, mergedBy: null, mergeEventId: null, merged: [], links: [] };

/** The survivor as the merge sees it, read before deciding. */
export interface SurvivorState {
  status: 'none' | 'open' | 'resolved';
  mergedInto: string | null;
}

/** Merge this incident into `into` (the survivor). */
export interface MergeIncident {
  type: 'MergeIncident';
  incidentId: string;
  eventId: string;
  into: string;
  by: string;
  reason?: string;
  survivor: SurvivorState;
  context: CommandContext;
}

/** The survivor's side of a merge (never refused: the merged side is already recorded). */
export interface AbsorbIncident {
  type: 'AbsorbIncident';
  incidentId: string;
  eventId: string;
  merged: string;
  by: string;
  context: CommandContext;
}

export interface UnmergeIncident {
  type: 'UnmergeIncident';
  incidentId: string;
  eventId: string;
  by: string;
  reason?: string;
  /** Level 1 of the escalation policy, resolved before deciding, when an unacknowledged incident is unmerged (its escalation restarts). */
  levels?: ResolvedLevel[];
  notificationRules?: NotificationRulesByPerson;
  onExhausted?: FallbackPage;
  context: CommandContext;
}

/** The survivor's side of an unmerge. */
export interface SplitIncident {
  type: 'SplitIncident';
  incidentId: string;
  eventId: string;
  split: string;
  by: string;
  context: CommandContext;
}

/** Link to another incident, known to coordination (checked before deciding). */
export interface LinkIncident {
  type: 'LinkIncident';
  incidentId: string;
  eventId: string;
  to: string;
  kind: LinkKind;
  by: string;
  context: CommandContext;
}

export interface UnlinkIncident {
  type: 'UnlinkIncident';
  incidentId: string;
  eventId: string;
  to: string;
  by: string;
  context: CommandContext;
}

export type MergeCommand = MergeIncident | AbsorbIncident | UnmergeIncident | SplitIncident | LinkIncident | UnlinkIncident;
export type MergeEvent = IncidentMergedEvent | IncidentAbsorbedEvent | IncidentUnmergedEvent | IncidentSplitEvent | IncidentLinkedEvent | IncidentUnlinkedEvent;

const MERGE_EVENTS: ReadonlySet<string> = new Set(['IncidentMerged', 'IncidentAbsorbed', 'IncidentUnmerged', 'IncidentSplit', 'IncidentLinked', 'IncidentUnlinked']);
export const isMergeEvent = (event: { type: string }): event is MergeEvent => MERGE_EVENTS.has(event.type);

/** The survivor's event of a merge or an unmerge: its id derives from the merged side's event. */
export const absorbedEventId = (mergeEventId: string): string => deterministicId(mergeEventId, 'coordination.merge.absorbed');
export const splitEventId = (unmergeEventId: string): string => deterministicId(unmergeEventId, 'coordination.merge.split');

export function evolveMerge(state: MergeState, event: MergeEvent): MergeState {
  switch (event.type) {
    case 'IncidentMerged':
      return { ...state, mergedInto: event.data.into, mergedAt: event.metadata.occurredAt, mergedBy: event.data.by, mergeEventId: event.id };
    case 'IncidentUnmerged':
      return { ...state, mergedInto: null, mergedAt: null, mergedBy: null, mergeEventId: null };
    case 'IncidentAbsorbed':
      return state.merged.includes(event.data.merged) ? state : { ...state, merged: [...state.merged, event.data.merged] };
    case 'IncidentSplit':
      return { ...state, merged: state.merged.filter((id) => id !== event.data.split) };
    case 'IncidentLinked':
      return { ...state, links: [...state.links.filter((l) => l.to !== event.data.to), { to: event.data.to, kind: event.data.kind, by: event.data.by, linkedAt: event.metadata.occurredAt }] };
    case 'IncidentUnlinked':
      return { ...state, links: state.links.filter((l) => l.to !== event.data.to) };
    default:
      return state;
  }
}

/** A merged incident takes no command but an unmerge: the caller is told where it went. */
export const refuseMerged = (state: MergeState, incidentId: string): void => {
  if (state.mergedInto !== null) {
    throw new DomainError('incident_merged', `incident ${incidentId} was merged into ${state.mergedInto}: act on ${state.mergedInto}, or unmerge it first`);
  }
};

/**
 * The merged side's decision: the `IncidentMerged` (the caller appends the escalation's cancelled
 * timers with it). Refused into itself, from or into a resolved or merged incident, and from an
 * incident others were merged into (no chains: unmerge those first, or merge into this one).
 */
export function decideMerge(command: MergeIncident, state: MergeState, resolved: boolean): MergeEvent[] {
  const { incidentId, into, survivor } = command;
  if (into === incidentId) throw new DomainError('merge_into_itself', 'an incident cannot be merged into itself');
  refuseMerged(state, incidentId);
  if (resolved) throw new DomainError('already_resolved', `incident ${incidentId} is resolved: reopen it before merging it`);
  if (state.merged.length > 0) {
    throw new DomainError('merge_chain', `incidents ${state.merged.join(', ')} were merged into ${incidentId}: unmerge them first (a merge is one step, never a chain)`);
  }
  if (survivor.status === 'none') throw new NotFoundError('incident', into);
  if (survivor.mergedInto !== null) {
    throw new DomainError('merge_chain', `incident ${into} is itself merged into ${survivor.mergedInto}: merge into ${survivor.mergedInto} instead (a merge is one step, never a chain)`);
  }
  if (survivor.status === 'resolved') throw new DomainError('survivor_resolved', `incident ${into} is resolved: reopen it before merging into it`);
  return [
    IncidentMergedV1.create(
      command.eventId,
      { incidentId, into, by: command.by, ...(command.reason ? { reason: command.reason } : {}) },
      metadataOf(command.context, incidentId),
    ),
  ];
}

export function decideAbsorb(command: AbsorbIncident, state: MergeState): MergeEvent[] {
  if (state.merged.includes(command.merged)) return [];
  return [IncidentAbsorbedV1.create(command.eventId, { incidentId: command.incidentId, merged: command.merged, by: command.by }, metadataOf(command.context, command.incidentId))];
}

export function decideUnmerge(command: UnmergeIncident, state: MergeState): MergeEvent[] {
  if (state.mergedInto === null) throw new DomainError('not_merged', `incident ${command.incidentId} is not merged into another`);
  return [
    IncidentUnmergedV1.create(
      command.eventId,
      { incidentId: command.incidentId, from: state.mergedInto, by: command.by, ...(command.reason ? { reason: command.reason } : {}) },
      metadataOf(command.context, command.incidentId),
    ),
  ];
}

export function decideSplit(command: SplitIncident, state: MergeState): MergeEvent[] {
  if (!state.merged.includes(command.split)) return [];
  return [IncidentSplitV1.create(command.eventId, { incidentId: command.incidentId, split: command.split, by: command.by }, metadataOf(command.context, command.incidentId))];
}

export function decideLink(command: LinkIncident, state: MergeState): MergeEvent[] {
  refuseMerged(state, command.incidentId);
  if (command.to === command.incidentId) throw new DomainError('link_to_itself', 'an incident cannot be linked to itself');
  const existing = state.links.find((l) => l.to === command.to);
  if (existing?.kind === command.kind) throw new DomainError('already_linked', `incident ${command.incidentId} is already linked to ${command.to} (${existing.kind})`);
  // Another kind replaces the link: one link per pair, its kind the last said.
  return [IncidentLinkedV1.create(command.eventId, { incidentId: command.incidentId, to: command.to, kind: command.kind, by: command.by }, metadataOf(command.context, command.incidentId))];
}

export function decideUnlink(command: UnlinkIncident, state: MergeState): MergeEvent[] {
  refuseMerged(state, command.incidentId);
  const existing = state.links.find((l) => l.to === command.to);
  if (!existing) throw new DomainError('not_linked', `incident ${command.incidentId} has no link to ${command.to}`);
  return [IncidentUnlinkedV1.create(command.eventId, { incidentId: command.incidentId, to: command.to, kind: existing.kind, by: command.by }, metadataOf(command.context, command.incidentId))];
}
