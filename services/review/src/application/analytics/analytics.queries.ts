import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { ServiceBusinessHoursData } from '@linchpin/contracts';
import { DurationStats, durationStats, isoWeekOf, monthOf } from '../../domain/analytics/statistics';
import { DEFAULT_BUSINESS_HOURS, isOutOfHours } from '../../domain/catalog/business-hours';
import { ReviewReadModels } from '../../read-models/review-read-models';
import { ReadModelDb } from '../../read-models/read-model.port';

/** Incidents detected in [from, to), narrowed by the filters given. */
export interface AnalyticsWindow {
  from: Date;
  to: Date;
  service?: string;
  team?: string;
  priority?: string;
}

export const RESPONSE_TIME_GROUPS = ['service', 'team', 'priority', 'week', 'month'] as const;
export type ResponseTimeGroup = (typeof RESPONSE_TIME_GROUPS)[number];

export interface ResponseTimesView {
  from: string;
  to: string;
  groupBy: ResponseTimeGroup;
  groups: { key: string | null; incidents: number; mttd: DurationStats; mtta: DurationStats; mttm: DurationStats; mttr: DurationStats }[];
}
export interface AlertSourcesView {
  from: string;
  to: string;
  sources: { source: string; alerts: number; incidents: number }[];
}
export interface PagesView {
  from: string;
  to: string;
  people: { personId: string; pages: number; outOfHours: number }[];
}

export class GetResponseTimesQuery extends Query<ResponseTimesView> {
  constructor(
    readonly window: AnalyticsWindow,
    readonly groupBy: ResponseTimeGroup,
  ) {
    super();
  }
}
export class GetAlertSourcesQuery extends Query<AlertSourcesView> {
  constructor(
    readonly window: AnalyticsWindow,
    readonly limit: number,
  ) {
    super();
  }
}
export class GetPagesQuery extends Query<PagesView> {
  constructor(readonly window: AnalyticsWindow) {
    super();
  }
}

interface IncidentRow {
  incident_id: string;
  detected_at: string;
  service: string | null;
  team: string | null;
  priority: string | null;
  time_to_detect: number | null;
  time_to_acknowledge: number | null;
  time_to_mitigate: number | null;
  time_to_resolve: number | null;
}

/** The WHERE clause of the window over `analytics_incidents` aliased `i`; service and team match in any case. */
function inWindow(window: AnalyticsWindow): { where: string; params: unknown[] } {
  const clauses = ['i.detected_at >= ?', 'i.detected_at < ?'];
  const params: unknown[] = [window.from.toISOString(), window.to.toISOString()];
  const filters: [string, string | undefined][] = [
    ['i.service = ? COLLATE NOCASE', window.service],
    ['i.team = ? COLLATE NOCASE', window.team],
    ['i.priority = ?', window.priority],
  ];
  for (const [clause, value] of filters) {
    if (value === undefined) continue;
    clauses.push(clause);
    params.push(value);
  }
  return { where: clauses.join(' AND '), params };
}

const span = (window: AnalyticsWindow) => ({ from: window.from.toISOString(), to: window.to.toISOString() });

const keyOf = (row: IncidentRow, groupBy: ResponseTimeGroup): string | null =>
  groupBy === 'week' ? isoWeekOf(row.detected_at) : groupBy === 'month' ? monthOf(row.detected_at) : row[groupBy];

/** Keys in order (weeks and months in time), the incidents without one last. */
const byKey = (a: string | null, b: string | null) => (a === b ? 0 : a === null ? 1 : b === null ? -1 : a < b ? -1 : 1);

@QueryHandler(GetResponseTimesQuery)
export class GetResponseTimesHandler implements IQueryHandler<GetResponseTimesQuery> {
  constructor(private readonly readModels: ReviewReadModels) {}

  async execute({ window, groupBy }: GetResponseTimesQuery): Promise<ResponseTimesView> {
    const { where, params } = inWindow(window);
    const rows = await this.readModels.read((db) => db.all<IncidentRow>(`SELECT * FROM analytics_incidents i WHERE ${where}`, ...params));
    const groups = new Map<string | null, IncidentRow[]>();
    for (const row of rows) {
      const key = keyOf(row, groupBy);
      groups.set(key, [...(groups.get(key) ?? []), row]);
    }
    return {
      ...span(window),
      groupBy,
      groups: [...groups.entries()]
        .sort(([a], [b]) => byKey(a, b))
        .map(([key, incidents]) => ({
          key,
          incidents: incidents.length,
          mttd: durationStats(incidents.map((i) => i.time_to_detect)),
          mtta: durationStats(incidents.map((i) => i.time_to_acknowledge)),
          mttm: durationStats(incidents.map((i) => i.time_to_mitigate)),
          mttr: durationStats(incidents.map((i) => i.time_to_resolve)),
        })),
    };
  }
}

@QueryHandler(GetAlertSourcesQuery)
export class GetAlertSourcesHandler implements IQueryHandler<GetAlertSourcesQuery> {
  constructor(private readonly readModels: ReviewReadModels) {}

  async execute({ window, limit }: GetAlertSourcesQuery): Promise<AlertSourcesView> {
    const { where, params } = inWindow(window);
    const sources = await this.readModels.read((db) =>
      db.all<{ source: string; alerts: number; incidents: number }>(
        `SELECT a.source AS source, COUNT(*) AS alerts, COUNT(DISTINCT a.incident_id) AS incidents
         FROM analytics_alerts a JOIN analytics_incidents i ON i.incident_id = a.incident_id
         WHERE ${where} GROUP BY a.source ORDER BY alerts DESC, incidents DESC, source ASC LIMIT ?`,
        ...params,
        limit,
      ),
    );
    return { ...span(window), sources };
  }
}

@QueryHandler(GetPagesQuery)
export class GetPagesHandler implements IQueryHandler<GetPagesQuery> {
  constructor(private readonly readModels: ReviewReadModels) {}

  async execute({ window }: GetPagesQuery): Promise<PagesView> {
    const { pages, hours } = await this.readModels.read((db) => ({ pages: pagesIn(db, window), hours: businessHoursByService(db) }));
    const people = new Map<string, { personId: string; pages: number; outOfHours: number }>();
    for (const page of pages) {
      const person = people.get(page.person_id) ?? { personId: page.person_id, pages: 0, outOfHours: 0 };
      person.pages += 1;
      // The incident's catalog service's hours as review knows them now; none known: the default working week.
      if (isOutOfHours((page.service !== null ? hours.get(page.service) : undefined) ?? DEFAULT_BUSINESS_HOURS, page.at)) person.outOfHours += 1;
      people.set(page.person_id, person);
    }
    return { ...span(window), people: [...people.values()].sort((a, b) => b.pages - a.pages || b.outOfHours - a.outOfHours || (a.personId < b.personId ? -1 : 1)) };
  }
}

function pagesIn(db: ReadModelDb, window: AnalyticsWindow) {
  const { where, params } = inWindow(window);
  return db.all<{ person_id: string; at: string; service: string | null }>(
    `SELECT p.person_id, p.at, i.service FROM analytics_pages p JOIN analytics_incidents i ON i.incident_id = p.incident_id WHERE ${where}`,
    ...params,
  );
}

function businessHoursByService(db: ReadModelDb): Map<string, ServiceBusinessHoursData> {
  const rows = db.all<{ name: string; business_hours: string }>('SELECT name, business_hours FROM analytics_services WHERE business_hours IS NOT NULL');
  return new Map(rows.map((row) => [row.name, JSON.parse(row.business_hours) as ServiceBusinessHoursData]));
}
