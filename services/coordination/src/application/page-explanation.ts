import { Inject, Injectable } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { EVENT_STORE, EventEnvelope, EventStore, NotFoundError, ProjectionFeed } from '@linchpin/eventsourcing';
import {
  EscalationExhaustedEvent,
  EscalationLevelReachedEvent,
  EscalationStartedEvent,
  IncidentRenotifiedEvent,
  ResponderPagedEvent,
  upcast,
} from '@linchpin/contracts';
import { RESPONSE_STREAM_PREFIX, responseStream } from '../domain/streams';

type Via = EscalationLevelReachedEvent['data']['paged'][number]['via'];
type ScheduleAnswer = EscalationLevelReachedEvent['data']['schedules'][number];
type TeamAnswer = EscalationLevelReachedEvent['data']['teams'][number];

/** "Why was I paged?": everything read from the incident's history as recorded when the page was decided. */
export interface PageExplanation {
  pageId: string;
  incidentId: string;
  pagedAt: string;
  person: { personId: string; name: string };
  contactMethod: { id: string; kind: string };
  escalationLevel: number;
  /**
   * What sent this page: a level reached, an acknowledgement timeout, a failed delivery moved on, the
   * person's later notification rule (their page unacknowledged that long), the default route's team
   * after exhaustion, or a page from before escalations.
   */
  cause: 'level' | 'acknowledgement-timeout' | 'delivery-failed' | 'notification-rule' | 'sla-breached' | 'exhausted' | 'page';
  policy: { policyId: string; version: number; name: string; source: 'policy' | 'team-default' } | null;
  repeat: number | null;
  level: number | null;
  /** The level's target that produced this person (its version, the schedule's layer or override, the team's on-call order). */
  target: (Via & { layer?: number | 'override' | null; overrideId?: string | null; onCallOrder?: number }) | null;
  /** The schedule that chose the person, as it answered then (every layer's candidate included). */
  schedule: ScheduleAnswer | null;
  /** The team that produced the person, as it stood then. */
  team: TeamAnswer | null;
  /** Others paged at the same level. */
  alsoPaged: { personId: string; name: string; via: Via }[];
  /** Who else was on call at that level and why they were not the one: the other layers' candidates of the level's schedules. */
  otherCandidates: { scheduleId: string; layer: number; name: string; personId: string | null; reason: string }[];
  /** Targets of the level that gave nobody, with the reason. */
  skipped: { target: { kind: string; id: string }; reason: string }[];
  /** The page's own reason, and the level's. */
  reason: string;
  levelReason: string | null;
}

type Stored = EventEnvelope & { type: string; data: unknown };

/** The explanation of `pageId` from its incident's events (upcast), or undefined when the page is not there. */
export function explainPage(events: readonly Stored[], pageId: string): PageExplanation | undefined {
  const page = events.find((e): e is ResponderPagedEvent => e.type === 'ResponderPaged' && (e as ResponderPagedEvent).data.pageId === pageId);
  if (!page) return undefined;
  const started = events.find((e): e is EscalationStartedEvent => e.type === 'EscalationStarted');
  const levels = events.filter((e): e is EscalationLevelReachedEvent => e.type === 'EscalationLevelReached');
  const renotified = events.find((e): e is IncidentRenotifiedEvent => e.type === 'IncidentRenotified' && (e as IncidentRenotifiedEvent).data.notified.some((n) => n.pageId === pageId));
  const exhausted = events.find((e): e is EscalationExhaustedEvent => e.type === 'EscalationExhausted');
  const d = page.data;
  let level = levels.find((l) => l.data.paged.some((p) => p.pageId === pageId));
  let cause: PageExplanation['cause'] = level ? 'level' : 'page';
  if (!level && renotified) {
    cause = renotified.data.cause;
    // The level whose page this re-notifies: the one of the rule's page, else the last one before it that paged the person.
    const rulePage = renotified.data.rule?.pageId;
    const before = events.indexOf(renotified);
    level =
      (rulePage !== undefined ? levels.find((l) => l.data.paged.some((p) => p.pageId === rulePage)) : undefined) ??
      levels.filter((l) => events.indexOf(l) < before && l.data.paged.some((p) => p.personId === d.personId)).pop();
  } else if (!level && exhausted && events.indexOf(exhausted) < events.indexOf(page)) {
    cause = 'exhausted';
  }
  const mine = level?.data.paged.find((p) => p.personId === d.personId);
  const via = mine?.via ?? null;
  const schedule = via?.kind === 'schedule' ? (level?.data.schedules.find((s) => s.scheduleId === via.id) ?? null) : null;
  const team = via?.kind === 'team' ? (level?.data.teams.find((t) => t.teamId === via.id) ?? null) : null;
  const target = via
    ? {
        ...via,
        ...(schedule ? { layer: schedule.layer, overrideId: schedule.overrideId } : {}),
        ...(team ? { onCallOrder: team.members.find((m) => m.personId === d.personId)?.onCallOrder } : {}),
      }
    : null;
  const policy = started ? { policyId: started.data.policy.policyId, version: started.data.policy.version, name: started.data.policy.name, source: started.data.policy.source } : null;
  return {
    pageId,
    incidentId: d.incidentId,
    pagedAt: page.metadata.occurredAt,
    person: { personId: d.personId, name: d.responder },
    contactMethod: { id: d.contactMethodId, kind: d.contactKind },
    escalationLevel: d.escalationLevel,
    cause,
    policy: cause === 'page' ? null : policy,
    repeat: level?.data.repeat ?? null,
    level: level?.data.level ?? null,
    target,
    schedule,
    team,
    alsoPaged: (level?.data.paged ?? []).filter((p) => p.personId !== d.personId).map((p) => ({ personId: p.personId, name: p.name, via: p.via })),
    otherCandidates: (level?.data.schedules ?? []).flatMap((s) =>
      s.layers.filter((l) => !(s.scheduleId === schedule?.scheduleId && l.layer === s.layer && l.personId === d.personId)).map((l) => ({ scheduleId: s.scheduleId, ...l })),
    ),
    skipped: level?.data.skipped ?? [],
    reason: d.reason,
    levelReason: level?.data.reason ?? (cause === 'exhausted' ? (exhausted?.data.reason ?? null) : null),
  };
}

/** Which incident each page belongs to: folded from the `response-` streams' `ResponderPaged`. */
@Injectable()
export class PagesProjection {
  private readonly incidents = new Map<string, string>();
  private readonly feed: ProjectionFeed;

  constructor(@Inject(EVENT_STORE) store: EventStore) {
    this.feed = new ProjectionFeed(store, [RESPONSE_STREAM_PREFIX], (event) => {
      if (event.type !== 'ResponderPaged') return;
      const { pageId, incidentId } = (upcast(event) as ResponderPagedEvent).data;
      this.incidents.set(pageId, incidentId);
    });
  }

  async incidentOf(pageId: string): Promise<string | undefined> {
    await this.feed.current();
    return this.incidents.get(pageId.toLowerCase());
  }
}

export class ExplainPageQuery extends Query<PageExplanation> {
  constructor(readonly pageId: string) {
    super();
  }
}

@QueryHandler(ExplainPageQuery)
export class ExplainPageHandler implements IQueryHandler<ExplainPageQuery> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly pages: PagesProjection,
  ) {}

  async execute({ pageId }: ExplainPageQuery): Promise<PageExplanation> {
    const incidentId = await this.pages.incidentOf(pageId);
    if (!incidentId) throw new NotFoundError('page', pageId);
    const events = (await this.store.readStream(responseStream(incidentId))).map((e) => upcast(e) as Stored);
    const explanation = explainPage(events, pageId.toLowerCase());
    if (!explanation) throw new NotFoundError('page', pageId);
    return explanation;
  }
}
