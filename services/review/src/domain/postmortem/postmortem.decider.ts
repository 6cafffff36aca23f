import { assertNever, CommandContext, Decider, DomainError, EventMetadata, metadataOf, NotFoundError, scheduleTimer, timerCancelled, timerFired } from '@linchpin/eventsourcing';
import {
  ActionItemAddedV1,
  ActionItemOverdueV1,
  ActionItemUpdatedV1,
  PostmortemOpenedEvent,
  PostmortemOpenedV1,
  PostmortemSectionEditedV1,
  PostmortemStatusChangedV1,
} from '@linchpin/contracts';
import { ACTION_ITEM_DUE_PURPOSE, actionItemOverdueIdOf, actionItemTimerIdOf, dueAtOf } from './action-item-due';
import { ActionItem, ActionItemStatus, evolvePostmortem, initialPostmortemState, PostmortemEvent, PostmortemState, PostmortemStatus, SectionName } from './postmortem-state';

export * from './postmortem-state';

interface OnIncident {
  incidentId: string;
  context: CommandContext;
}

/** Open the incident's postmortem (by the policy when it resolved, or on a responder's request). */
export interface OpenPostmortem extends OnIncident {
  type: 'OpenPostmortem';
  eventId: string;
  trigger: PostmortemOpenedEvent['data']['trigger'];
  priority: PostmortemOpenedEvent['data']['priority'];
  requiredFor: PostmortemOpenedEvent['data']['requiredFor'];
  policyVersion: number | null;
}

export interface EditSection extends OnIncident {
  type: 'EditSection';
  eventId: string;
  section: SectionName;
  text: string;
}

export interface ChangePostmortemStatus extends OnIncident {
  type: 'ChangePostmortemStatus';
  eventId: string;
  /** The status the step leaves from: returning a review to draft is not reopening a published postmortem. */
  from: PostmortemStatus;
  to: PostmortemStatus;
  reason: string | null;
}

export interface AddActionItem extends OnIncident {
  type: 'AddActionItem';
  actionItemId: string;
  title: string;
  owner: string;
  dueDate: string | null;
}

export interface UpdateActionItem extends OnIncident {
  type: 'UpdateActionItem';
  eventId: string;
  actionItemId: string;
  changes: Partial<Pick<ActionItem, 'title' | 'owner' | 'dueDate' | 'status'>>;
}

/** An action item's due date passed (its durable timer). */
export interface FireActionItemTimer extends OnIncident {
  type: 'FireActionItemTimer';
  timerId: string;
}

export type PostmortemCommand = OpenPostmortem | EditSection | ChangePostmortemStatus | AddActionItem | UpdateActionItem | FireActionItemTimer;

/**
 * The workflow: a draft goes to review; from review it goes back to draft or is published; a published postmortem is
 * reopened (to draft, with a reason) when something learned later changes it. The published text stays in the stream.
 */
const TRANSITIONS: Readonly<Record<PostmortemStatus, readonly PostmortemStatus[]>> = {
  draft: ['in-review'],
  'in-review': ['draft', 'published'],
  published: ['draft'],
};

function opened(state: PostmortemState, incidentId: string): PostmortemState {
  if (!state.opened) throw new NotFoundError('postmortem', incidentId);
  return state;
}

function itemOf(state: PostmortemState, actionItemId: string): ActionItem {
  const item = state.actionItems.find((i) => i.actionItemId === actionItemId);
  if (!item) throw new NotFoundError('action item', actionItemId);
  return item;
}

/**
 * The timer events that keep an item's reminder in step with it: one pending timer while it is open with a due date it
 * was not yet reminded of, at the end of that day; none otherwise (done, cancelled, no date, already reminded).
 */
function reminderTimers(state: PostmortemState, item: Pick<ActionItem, 'actionItemId' | 'status' | 'dueDate' | 'overdueFor'>, metadata: EventMetadata): PostmortemEvent[] {
  const pending = Object.values(state.timers).find((t) => t.details?.actionItemId === item.actionItemId);
  const wanted = item.status === 'open' && item.dueDate !== null && item.overdueFor !== item.dueDate ? item.dueDate : null;
  if (pending && wanted !== null && pending.details?.dueDate === wanted) return [];
  const events: PostmortemEvent[] = [];
  if (pending) events.push(timerCancelled(pending.timerId, item.status !== 'open' ? `action item ${item.status}` : 'due date changed', metadata));
  if (wanted !== null) {
    const timerId = actionItemTimerIdOf(item.actionItemId, state.scheduled);
    events.push(scheduleTimer({ timerId, dueAt: dueAtOf(wanted), purpose: ACTION_ITEM_DUE_PURPOSE, details: { actionItemId: item.actionItemId, dueDate: wanted } }, metadata));
  }
  return events;
}

function decideOpen(command: OpenPostmortem, state: PostmortemState): PostmortemEvent[] {
  if (state.opened) {
    // The policy's reaction to a redelivered (or a second) resolution opens nothing more; a person asking again learns it exists.
    if (command.trigger === 'policy') return [];
    throw new DomainError('already_open', `incident ${command.incidentId} already has a postmortem (${state.status})`);
  }
  const { incidentId, trigger, priority, requiredFor, policyVersion } = command;
  return [PostmortemOpenedV1.create(command.eventId, { incidentId, trigger, priority, requiredFor, policyVersion }, metadataOf(command.context, incidentId))];
}

function decideEdit(command: EditSection, state: PostmortemState): PostmortemEvent[] {
  opened(state, command.incidentId);
  if (state.status === 'published') throw new DomainError('postmortem_published', 'the postmortem is published: reopen it to change it');
  const previousText = state.sections[command.section]?.text ?? '';
  if (previousText === command.text) return []; // the same text again: nothing new to record
  return [PostmortemSectionEditedV1.create(command.eventId, { incidentId: command.incidentId, section: command.section, text: command.text, previousText }, metadataOf(command.context, command.incidentId))];
}

function decideStatus(command: ChangePostmortemStatus, state: PostmortemState): PostmortemEvent[] {
  opened(state, command.incidentId);
  if (state.status !== command.from || !TRANSITIONS[command.from].includes(command.to)) {
    throw new DomainError('invalid_transition', `the postmortem is ${state.status}: this step takes a ${command.from} one to ${command.to}`);
  }
  return [PostmortemStatusChangedV1.create(command.eventId, { incidentId: command.incidentId, from: state.status, to: command.to, reason: command.reason }, metadataOf(command.context, command.incidentId))];
}

function decideAddItem(command: AddActionItem, state: PostmortemState): PostmortemEvent[] {
  opened(state, command.incidentId);
  // Replayed with the same id (an Idempotency-Key's retry after a restart): already there.
  if (state.actionItems.some((i) => i.actionItemId === command.actionItemId)) return [];
  const { incidentId, actionItemId, title, owner, dueDate } = command;
  const metadata = metadataOf(command.context, incidentId);
  const added = ActionItemAddedV1.create(actionItemId, { incidentId, actionItemId, title, owner, dueDate }, metadata);
  return [added, ...reminderTimers(state, { actionItemId, status: 'open', dueDate, overdueFor: null }, metadata)];
}

function decideUpdateItem(command: UpdateActionItem, state: PostmortemState): PostmortemEvent[] {
  opened(state, command.incidentId);
  const item = itemOf(state, command.actionItemId);
  const next = { ...item, ...command.changes };
  if (next.title === item.title && next.owner === item.owner && next.dueDate === item.dueDate && next.status === item.status) return [];
  const metadata = metadataOf(command.context, command.incidentId);
  const { title, owner, dueDate, status } = next;
  const updated = ActionItemUpdatedV1.create(command.eventId, { incidentId: command.incidentId, actionItemId: item.actionItemId, title, owner, dueDate, status: status as ActionItemStatus }, metadata);
  return [updated, ...reminderTimers(state, next, metadata)];
}

function decideFire(command: FireActionItemTimer, state: PostmortemState): PostmortemEvent[] {
  const timer = state.timers[command.timerId];
  if (!timer) return []; // fired already, or cancelled: exactly once
  const metadata = metadataOf(command.context, command.incidentId);
  const fired = timerFired(timer, metadata);
  const item = state.actionItems.find((i) => i.actionItemId === timer.details?.actionItemId);
  const dueDate = timer.details?.dueDate;
  if (!item || typeof dueDate !== 'string' || item.status !== 'open' || item.dueDate !== dueDate || item.overdueFor === dueDate) return [fired];
  const overdue = ActionItemOverdueV1.create(
    actionItemOverdueIdOf(timer.timerId),
    { incidentId: command.incidentId, actionItemId: item.actionItemId, title: item.title, owner: item.owner, dueDate, dueAt: timer.dueAt },
    metadata,
  );
  return [overdue, fired];
}

/** One postmortem per incident, stream `postmortem-<incidentId>` (relayed): its workflow, sections, action items and their reminders. */
export const postmortemDecider: Decider<PostmortemCommand, PostmortemState, PostmortemEvent> = {
  initialState: initialPostmortemState,
  evolve: evolvePostmortem,
  decide(command, state) {
    switch (command.type) {
      case 'OpenPostmortem':
        return decideOpen(command, state);
      case 'EditSection':
        return decideEdit(command, state);
      case 'ChangePostmortemStatus':
        return decideStatus(command, state);
      case 'AddActionItem':
        return decideAddItem(command, state);
      case 'UpdateActionItem':
        return decideUpdateItem(command, state);
      case 'FireActionItemTimer':
        return decideFire(command, state);
      default:
        return assertNever(command);
    }
  },
};
