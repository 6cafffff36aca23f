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
  /** Reminded as overdue (its `ActionItemOverdue`) and still open for that due date. */
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

export const actionItemView = (incidentId: string, item: ActionItem): ActionItemView => ({
  incidentId,
  ...item,
  dueAt: item.dueDate === null ? null : dueAtOf(item.dueDate),
  overdue: item.status === 'open' && item.dueDate !== null && item.overdueFor === item.dueDate,
});

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
      actionItems: state.actionItems.map((item) => actionItemView(incidentId, item)),
    };
  }
}
