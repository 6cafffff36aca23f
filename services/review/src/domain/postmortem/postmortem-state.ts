import { evolveTimers, noPendingTimers, PendingTimers, TimerEvent } from '@linchpin/eventsourcing';
import {
  ActionItemAddedEvent,
  ActionItemOverdueEvent,
  ActionItemUpdatedEvent,
  PostmortemOpenedEvent,
  PostmortemSectionEditedEvent,
  PostmortemStatusChangedEvent,
} from '@linchpin/contracts';

export type PostmortemEvent =
  | PostmortemOpenedEvent
  | PostmortemSectionEditedEvent
  | PostmortemStatusChangedEvent
  | ActionItemAddedEvent
  | ActionItemUpdatedEvent
  | ActionItemOverdueEvent
  | TimerEvent;

export type SectionName = PostmortemSectionEditedEvent['data']['section'];
export const SECTION_NAMES: readonly SectionName[] = ['contributing-factors', 'went-well', 'went-poorly', 'lessons'];
export type PostmortemStatus = PostmortemStatusChangedEvent['data']['to'];
export type ActionItemStatus = ActionItemUpdatedEvent['data']['status'];
export const ACTION_ITEM_STATUSES: readonly ActionItemStatus[] = ['open', 'done', 'cancelled'];

export interface Section {
  text: string;
  editedAt: string;
  editedBy: string;
}

export interface ActionItem {
  actionItemId: string;
  title: string;
  owner: string;
  dueDate: string | null;
  status: ActionItemStatus;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  /** The due date it was last reminded of (its `ActionItemOverdue`), and when that was due: one reminder per due date. */
  overdueFor: string | null;
  overdueAt: string | null;
  /** That reminder's event id (its `ActionItemOverdue`): comms' delivery of it names it as `subjectId`. */
  reminderId: string | null;
}

export interface StatusChange {
  from: PostmortemStatus;
  to: PostmortemStatus;
  reason: string | null;
  at: string;
  by: string;
}

export interface PostmortemState {
  opened: boolean;
  incidentId: string | null;
  status: PostmortemStatus;
  trigger: PostmortemOpenedEvent['data']['trigger'] | null;
  priority: string | null;
  requiredFor: string[] | null;
  policyVersion: number | null;
  openedAt: string | null;
  openedBy: string | null;
  sections: Readonly<Record<SectionName, Section | null>>;
  /** In the order they were added. */
  actionItems: readonly ActionItem[];
  history: readonly StatusChange[];
  /** The last publication (it stays known after a reopening). */
  publishedAt: string | null;
  publishedBy: string | null;
  timers: PendingTimers;
  /** Timers scheduled so far: the next one's id is derived from it. */
  scheduled: number;
}

export const initialPostmortemState: PostmortemState = {
  opened: false,
  incidentId: null,
  status: 'draft',
  trigger: null,
  priority: null,
  requiredFor: null,
  policyVersion: null,
  openedAt: null,
  openedBy: null,
  sections: { 'contributing-factors': null, 'went-well': null, 'went-poorly': null, lessons: null },
  actionItems: [],
  history: [],
  publishedAt: null,
  publishedBy: null,
  timers: noPendingTimers,
  scheduled: 0,
};

const withItem = (items: readonly ActionItem[], id: string, change: (item: ActionItem) => ActionItem): ActionItem[] =>
  items.map((item) => (item.actionItemId === id ? change(item) : item));

export function evolvePostmortem(state: PostmortemState, event: PostmortemEvent): PostmortemState {
  const timers = evolveTimers(state.timers, event);
  const { occurredAt: at, actor } = event.metadata;
  switch (event.type) {
    case 'PostmortemOpened': {
      const d = event.data;
      return { ...state, opened: true, incidentId: d.incidentId, trigger: d.trigger, priority: d.priority, requiredFor: d.requiredFor, policyVersion: d.policyVersion, openedAt: at, openedBy: actor };
    }
    case 'PostmortemSectionEdited':
      // A cleared section keeps who cleared it and when (its text empty), as any edit.
      return { ...state, sections: { ...state.sections, [event.data.section]: { text: event.data.text, editedAt: at, editedBy: actor } } };
    case 'PostmortemStatusChanged': {
      const d = event.data;
      const published = d.to === 'published' ? { publishedAt: at, publishedBy: actor } : {};
      return { ...state, status: d.to, history: [...state.history, { from: d.from, to: d.to, reason: d.reason, at, by: actor }], ...published };
    }
    case 'ActionItemAdded': {
      const d = event.data;
      const item: ActionItem = { actionItemId: d.actionItemId, title: d.title, owner: d.owner, dueDate: d.dueDate, status: 'open', createdAt: at, createdBy: actor, updatedAt: at, overdueFor: null, overdueAt: null, reminderId: null };
      return { ...state, actionItems: [...state.actionItems, item] };
    }
    case 'ActionItemUpdated': {
      const { title, owner, dueDate, status } = event.data;
      return { ...state, actionItems: withItem(state.actionItems, event.data.actionItemId, (item) => ({ ...item, title, owner, dueDate, status, updatedAt: at })) };
    }
    case 'ActionItemOverdue':
      return { ...state, actionItems: withItem(state.actionItems, event.data.actionItemId, (item) => ({ ...item, overdueFor: event.data.dueDate, overdueAt: event.data.dueAt, reminderId: event.id })) };
    case 'TimerScheduled':
      return { ...state, timers, scheduled: state.scheduled + 1 };
    case 'TimerFired':
    case 'TimerCancelled':
      return { ...state, timers };
    default:
      return state; // a type a newer review wrote
  }
}
