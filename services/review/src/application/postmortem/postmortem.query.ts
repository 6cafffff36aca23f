import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { CLOCK, Clock, EVENT_STORE, EventStore, NotFoundError } from '@linchpin/eventsourcing';
import { ActionItem, PostmortemState, SECTION_NAMES, SectionName, StatusChange } from '../../domain/postmortem/postmortem.decider';
import { PostmortemPrefill, postmortemPrefill } from '../../domain/postmortem/postmortem-prefill';
import { dueAtOf } from '../../domain/postmortem/action-item-due';
import { postmortems } from '../../domain/streams';
import { timelineEntries } from './timeline-entries';

export const SECTION_TITLES: Readonly<Record<SectionName, string>> = {
  'contributing-factors': 'Contributing factors',
  'went-well': 'What went well',
  'went-poorly': 'What went poorly',
  lessons: 'Lessons',
};

export interface ActionItemView extends ActionItem {
  incidentId: string;
  /** The end of the due day (UTC), or null without a due date. */
  dueAt: string | null;
  /**
   * Open and its due day has ended (now is past `dueAt`): from the due date and the time of the read, so an item added
   * with a past due date is overdue at once. The durable timer's `ActionItemOverdue` is the reminder (`overdueFor`).
   */
  overdue: boolean;
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

export const actionItemView = (incidentId: string, item: ActionItem, now: Date): ActionItemView => {
  const dueAt = item.dueDate === null ? null : dueAtOf(item.dueDate);
  return { incidentId, ...item, dueAt, overdue: item.status === 'open' && dueAt !== null && now.getTime() >= Date.parse(dueAt) };
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
  ) {}

  async execute({ incidentId }: GetPostmortemQuery): Promise<PostmortemView> {
    const state = await postmortems.load(this.store, { incidentId });
    if (!state.opened) throw new NotFoundError('postmortem', incidentId);
    const asOf = state.status === 'published' && state.publishedAt ? new Date(state.publishedAt) : this.clock.now();
    const prefill = postmortemPrefill(await timelineEntries(this.store, incidentId), asOf);
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
      actionItems: state.actionItems.map((item) => actionItemView(incidentId, item, this.clock.now())),
    };
  }
}
