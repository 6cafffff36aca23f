import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { CLOCK, Clock, EVENT_STORE, EventStore, NotFoundError } from '@linchpin/eventsourcing';
import { ActionItem, PostmortemState, SECTION_NAMES, SectionName, StatusChange } from '../../domain/postmortem/postmortem.decider';
import { PostmortemPrefill, postmortemPrefill } from '../../domain/postmortem/postmortem-prefill';
import { dueAtOf } from '../../domain/postmortem/action-item-due';
import { postmortems } from '../../domain/streams';
import { timelineEntries } from './timeline-entries';
import { asOf as stateAsOf } from '../../domain/as-of';
import { ChangesKnownReader } from '../changes-known';
import { TimelineEntry } from '../../domain/timeline';

export const SECTION_TITLES: Readonly<Record<SectionName, string>> = {
  'contributing-factors': 'Contributing factors',
  'went-well': 'What went well',
  'went-poorly': 'What went poorly',
  lessons: 'Lessons',
};

/**
 * Whether the item's last overdue reminder reached its owner, as comms' delivery events (kind `action-item-reminder`,
 * `subjectId` the reminder's event id) reached review's own timeline of the incident: `delivered` or `failed` (a dead
 * letter in comms) at that event's time; `pending` while none is heard (being retried, or nobody to send it to: an
 * owner written as a name). A retry of a dead letter (`DeliveryRetryRequested`) makes it pending again.
 */
export interface ReminderView {
  status: 'pending' | 'delivered' | 'failed';
  at: string | null;
}

export interface ActionItemView extends Omit<ActionItem, 'reminderId'> {
  incidentId: string;
  /** The end of the due day (UTC), or null without a due date. */
  dueAt: string | null;
  /**
   * Open and its due day has ended (now is past `dueAt`): from the due date and the time of the read, so an item added
   * with a past due date is overdue at once. The durable timer's `ActionItemOverdue` is the reminder (`overdueFor`).
   */
  overdue: boolean;
  /** Its last reminder's delivery; null until a reminder was recorded. */
  reminder: ReminderView | null;
}

export interface SectionView {
  section: SectionName;
  title: string;
  /** Markdown as its authors wrote it; '' while nobody has. */
  text: string;
  editedAt: string | null;
  editedBy: string | null;
}

export interface PostmortemView extends PostmortemPrefill {
  incidentId: string;
  /** As `GET /review/incidents/{id}/metrics?at=<asOf>` answers them. */
  metrics: PostmortemPrefill['metrics'] & { incidentId: string };
  status: PostmortemState['status'];
  trigger: NonNullable<PostmortemState['trigger']>;
  /** The incident's priority when the postmortem was opened, and the policy that required it (`trigger: policy`). */
  priorityWhenOpened: string | null;
  requiredFor: string[] | null;
  policyVersion: number | null;
  openedAt: string;
  openedBy: string;
  publishedAt: string | null;
  publishedBy: string | null;
  history: readonly StatusChange[];
  sections: SectionView[];
  actionItems: ActionItemView[];
}

const REMINDER_OUTCOMES: Readonly<Record<string, ReminderView['status']>> = { NotificationDelivered: 'delivered', NotificationFailed: 'failed', DeliveryRetryRequested: 'pending' };

/** Each reminder's last delivery outcome on the incident's timeline, by the reminder's event id. */
export function reminderOutcomes(entries: readonly TimelineEntry[]): Map<string, ReminderView> {
  const outcomes = new Map<string, ReminderView>();
  for (const entry of entries) {
    const status = REMINDER_OUTCOMES[entry.type];
    const data = entry.data as { kind?: unknown; subjectId?: unknown } | null;
    if (!status || data?.kind !== 'action-item-reminder' || typeof data.subjectId !== 'string') continue;
    outcomes.set(data.subjectId, { status, at: status === 'pending' ? null : entry.occurredAt });
  }
  return outcomes;
}

export const actionItemView = (incidentId: string, item: ActionItem, now: Date, reminders: ReadonlyMap<string, ReminderView> = new Map()): ActionItemView => {
  const { reminderId, ...fields } = item;
  const dueAt = item.dueDate === null ? null : dueAtOf(item.dueDate);
  const reminder = reminderId === null ? null : (reminders.get(reminderId) ?? { status: 'pending' as const, at: null });
  return { incidentId, ...fields, dueAt, overdue: item.status === 'open' && dueAt !== null && now.getTime() >= Date.parse(dueAt), reminder };
};

export class GetPostmortemQuery extends Query<PostmortemView> {
  constructor(readonly incidentId: string) {
    super();
  }
}

/**
 * The postmortem: what people wrote (its stream) and the prefill from the incident's timeline (review's own events). A
 * published postmortem reads the facts as of its publication, so its figures do not move afterwards; a draft or one in
 * review reads them as of now.
 */
@QueryHandler(GetPostmortemQuery)
export class GetPostmortemHandler implements IQueryHandler<GetPostmortemQuery> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly changes: ChangesKnownReader,
  ) {}

  async execute({ incidentId }: GetPostmortemQuery): Promise<PostmortemView> {
    const state = await postmortems.load(this.store, { incidentId });
    if (!state.opened) throw new NotFoundError('postmortem', incidentId);
    const asOf = state.status === 'published' && state.publishedAt ? new Date(state.publishedAt) : this.clock.now();
    const entries = await timelineEntries(this.store, incidentId);
    // Review's copies of the changes and the catalog for the services the incident touched by then (as the timeline reads them).
    const known = await this.changes.read(stateAsOf(entries, asOf).state?.services ?? []);
    const prefill = postmortemPrefill(entries, asOf, known);
    // Follow-ups outlive the document: overdue and reminders read as of now, published or not.
    const now = this.clock.now();
    const reminders = reminderOutcomes(entries);
    return {
      incidentId,
      status: state.status,
      trigger: state.trigger!,
      priorityWhenOpened: state.priority,
      requiredFor: state.requiredFor,
      policyVersion: state.policyVersion,
      openedAt: state.openedAt!,
      openedBy: state.openedBy!,
      publishedAt: state.status === 'published' ? state.publishedAt : null,
      publishedBy: state.status === 'published' ? state.publishedBy : null,
      history: state.history,
      ...prefill,
      metrics: { incidentId, ...prefill.metrics },
      sections: SECTION_NAMES.map((section) => {
        const written = state.sections[section];
        return { section, title: SECTION_TITLES[section], text: written?.text ?? '', editedAt: written?.editedAt ?? null, editedBy: written?.editedBy ?? null };
      }),
      actionItems: state.actionItems.map((item) => actionItemView(incidentId, item, now, reminders)),
    };
  }
}
