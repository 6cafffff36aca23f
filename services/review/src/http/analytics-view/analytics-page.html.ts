import Handlebars from 'handlebars';
import { AlertSourcesView, AnalyticsWindow, PagesView, ResponseTimesView } from '../../application/analytics/analytics.queries';
import { isoWeekOf } from '../../domain/analytics/statistics';
import { barChart, durationLabel, durationTicks, lineChart } from '../svg';
import { PAGE_STYLE } from '../page-style';

/**
 * Review's analytics as a page (issue 16, item 6): the answers of the analytics routes (the same queries, the same
 * window and filters) drawn as server-rendered SVG: MTTA and MTTR by ISO week (median and p90), incidents by priority
 * and by service, pager load per person (out of hours apart), the noisiest alert sources. No script; every value
 * escaped (Handlebars in the page, the SVG module in the charts).
 */
export interface AnalyticsPageData {
  window: AnalyticsWindow;
  byWeek: ResponseTimesView;
  byPriority: ResponseTimesView;
  byService: ResponseTimesView;
  pages: PagesView;
  alertSources: AlertSourcesView;
}

/** At most this many weeks are laid out one by one (a longer window shows only the weeks with incidents). */
const MAX_WEEKS = 104;
const WEEK = 7 * 86_400_000;

/** The ISO weeks of [from, to) in order: a week without incidents stays on the trend's axis, as a gap. */
export function weeksOf(from: Date, to: Date): string[] | undefined {
  const last = to.getTime() - 1;
  if ((last - from.getTime()) / WEEK > MAX_WEEKS) return undefined;
  const weeks: string[] = [];
  for (let t = from.getTime(); ; t += WEEK) {
    const week = isoWeekOf(new Date(Math.min(t, last)).toISOString());
    if (weeks[weeks.length - 1] !== week) weeks.push(week);
    if (t >= last) return weeks;
  }
}

const NONE = '(none)';
/** A person's id as a chart label (the analytics know people by id): its first characters, the whole id in the tooltip. */
const shortId = (id: string) => (id.length > 12 ? `${id.slice(0, 8)}…` : id);

function trend(id: string, name: string, view: ResponseTimesView, metric: 'mtta' | 'mttr', weeks: readonly string[]): string {
  const byKey = new Map(view.groups.map((g) => [g.key, g[metric]]));
  return lineChart({
    id,
    title: `${name} by ISO week (UTC)`,
    categories: weeks,
    series: [
      { name: `${name} median`, values: weeks.map((w) => byKey.get(w)?.median ?? null) },
      { name: `${name} p90`, values: weeks.map((w) => byKey.get(w)?.p90 ?? null) },
    ],
    format: durationLabel,
    ticks: durationTicks,
  });
}

const incidentsBy = (id: string, title: string, view: ResponseTimesView) =>
  barChart({ id, title, series: ['incidents'], groups: view.groups.map((g) => ({ label: g.key ?? NONE, values: [g.incidents] })) });

const hbs = Handlebars.create();

const TEMPLATE = hbs.compile(
  `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>Incident analytics</title>
<style>{{{style}}}</style>
</head>
<body>
<header>
<h1>Incident analytics</h1>
<p>Incidents detected from <time datetime="{{from}}">{{from}}</time> to <time datetime="{{to}}">{{to}}</time>{{#each filters}}, {{name}} <strong>{{value}}</strong>{{/each}}.</p>
<dl class="figures" aria-label="Totals">
{{#each figures}}<div><dt>{{name}}</dt><dd>{{value}}</dd></div>{{/each}}
</dl>
<nav><p>The same as JSON: {{#each links}}<a href="{{href}}">{{name}}</a>{{#unless @last}} · {{/unless}}{{/each}}</p></nav>
</header>
<main>
{{#each charts}}
<figure aria-labelledby="{{id}}-caption">
<figcaption id="{{id}}-caption">{{caption}}</figcaption>
{{{svg}}}
</figure>
{{/each}}
<p class="muted">Durations in whole seconds per incident, as <code>GET /review/incidents/{id}/metrics</code> defines them (review README, "Metrics"); median and p90 by nearest rank. Out of hours: outside the business hours of the incident's catalog service (none known: Monday–Friday 09:00–17:00 UTC). People by their id.</p>
</main>
</body>
</html>
`,
  { strict: true },
);

export function renderAnalyticsPage(data: AnalyticsPageData): string {
  const { window, byWeek, byPriority, byService, pages, alertSources } = data;
  const weeks = weeksOf(window.from, window.to) ?? byWeek.groups.map((g) => g.key ?? NONE);
  const query = new URLSearchParams({ from: byWeek.from, to: byWeek.to });
  for (const key of ['service', 'team', 'priority'] as const) if (window[key] !== undefined) query.set(key, window[key]!);
  const json = (path: string, extra: Record<string, string> = {}) => `analytics/${path}?${new URLSearchParams({ ...Object.fromEntries(query), ...extra })}`;
  const incidents = byWeek.groups.reduce((sum, g) => sum + g.incidents, 0);
  const charts = [
    { id: 'mtta-by-week', caption: 'Time to acknowledge, by week', svg: trend('mtta-by-week', 'MTTA', byWeek, 'mtta', weeks) },
    { id: 'mttr-by-week', caption: 'Time to resolve, by week', svg: trend('mttr-by-week', 'MTTR', byWeek, 'mttr', weeks) },
    { id: 'incidents-by-priority', caption: 'Incidents by priority', svg: incidentsBy('incidents-by-priority', 'Incidents by priority', byPriority) },
    { id: 'incidents-by-service', caption: 'Incidents by service', svg: incidentsBy('incidents-by-service', 'Incidents by service', byService) },
    {
      id: 'pages-by-person',
      caption: 'Pager load per person',
      svg: barChart({ id: 'pages-by-person', title: 'Pages per person, and out of hours', series: ['pages', 'out of hours'], groups: pages.people.map((p) => ({ label: shortId(p.personId), title: p.personId, values: [p.pages, p.outOfHours] })) }),
    },
    {
      id: 'alert-sources',
      caption: 'Noisiest alert sources',
      svg: barChart({ id: 'alert-sources', title: 'Alerts and incidents per alert source', series: ['alerts', 'incidents'], groups: alertSources.sources.map((s) => ({ label: s.source, values: [s.alerts, s.incidents] })) }),
    },
  ];
  return TEMPLATE({
    style: PAGE_STYLE,
    from: byWeek.from,
    to: byWeek.to,
    filters: (['service', 'team', 'priority'] as const).filter((k) => window[k] !== undefined).map((name) => ({ name, value: window[name] })),
    figures: [
      { name: 'Incidents', value: String(incidents) },
      { name: 'Pages', value: String(pages.people.reduce((sum, p) => sum + p.pages, 0)) },
      { name: 'Out of hours', value: String(pages.people.reduce((sum, p) => sum + p.outOfHours, 0)) },
    ],
    links: [
      { name: 'response times by week', href: json('response-times', { groupBy: 'week' }) },
      { name: 'by priority', href: json('response-times', { groupBy: 'priority' }) },
      { name: 'by service', href: json('response-times', { groupBy: 'service' }) },
      { name: 'pages', href: json('pages', { groupBy: 'person' }) },
      { name: 'alert sources', href: json('alert-sources') },
    ],
    charts,
  });
}
