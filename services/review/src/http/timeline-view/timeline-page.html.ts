import Handlebars from 'handlebars';
import { EntryView, TimelineAsOfView, TimelineView } from '../../application/queries';
import { IncidentMetricsView } from '../../application/metrics/incident-metrics.query';
import { durationLabel, swimlanes, SwimlanePhase } from '../svg';
import { PAGE_STYLE } from '../page-style';

/**
 * An incident's timeline as a page (issue 16): swimlanes per context over event time, server-rendered SVG (no script,
 * no front-end build), the phases detect → acknowledge → mitigate → resolve as the metrics place them (their `moments`,
 * not computed again here), and the entries as a table below, each row the target `#event-<eventId>` of its mark.
 * Every value from an event is escaped: by Handlebars (`{{ }}`) in the page, by the SVG module in the chart.
 */

/** The anchor of an entry's row: what its mark and a phase link to. */
export const eventAnchor = (eventId: string): string => `event-${eventId}`;

const time = (iso: string) => ({ iso, text: `${iso.slice(0, 10)} ${iso.slice(11, 19)}` });

type Moment = keyof IncidentMetricsView['moments'];

/**
 * The phases as the metrics place them; each links to the entry that set its moment when that entry is listed (the
 * first detection, the first acknowledgement, the recorded mitigation or else the final resolution, the final resolution).
 */
export function phasesOf(metrics: IncidentMetricsView, entries: readonly EntryView[]): SwimlanePhase[] {
  const first = (type: string) => entries.find((e) => e.type === type);
  const last = (type: string) => [...entries].reverse().find((e) => e.type === type);
  const resolved = last('IncidentResolved');
  const phases: Array<{ label: string; moment: Moment; seconds: number | null; entry: EntryView | undefined; since: string }> = [
    { label: 'Detected', moment: 'detectedAt', seconds: metrics.timeToDetect, entry: first('IncidentDetected'), since: 'the first signal' },
    { label: 'Acknowledged', moment: 'acknowledgedAt', seconds: metrics.timeToAcknowledge, entry: first('IncidentAcknowledged'), since: 'detection' },
    { label: 'Mitigated', moment: 'mitigatedAt', seconds: metrics.timeToMitigate, entry: metrics.mitigation === 'recorded' ? first('IncidentMitigated') : resolved, since: 'detection' },
    { label: 'Resolved', moment: 'resolvedAt', seconds: metrics.timeToResolve, entry: resolved, since: 'detection' },
  ];
  return phases.flatMap(({ label, moment, seconds, entry, since }) => {
    const at = metrics.moments[moment];
    if (at === null) return [];
    const after = seconds === null ? '' : `, ${durationLabel(seconds)} after ${since}`;
    const how = label === 'Mitigated' && metrics.mitigation === 'resolution' ? ' (no mitigation recorded: the resolution)' : '';
    return [{ label, at: Date.parse(at), title: `${label} at ${time(at).text} UTC${after}${how}`, ...(entry ? { href: `#${eventAnchor(entry.eventId)}` } : {}) }];
  });
}

const hbs = Handlebars.create();

const TEMPLATE = hbs.compile(
  `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>Timeline · incident {{incidentId}}</title>
<style>{{{style}}}</style>
</head>
<body>
<header>
<h1>Timeline of incident {{incidentId}}</h1>
{{#if headline}}<p>{{headline}}</p>{{/if}}
{{#if asOf}}<p class="muted">As of <time datetime="{{asOf.iso}}">{{asOf.text}} UTC</time></p>{{/if}}
<dl class="figures" aria-label="Response times">
{{#each figures}}<div><dt>{{name}}</dt><dd>{{value}}</dd></div>{{/each}}
</dl>
<nav><p>Also as <a href="{{links.json}}">JSON</a> · <a href="{{links.csv}}">CSV</a> · <a href="{{links.md}}">Markdown</a> · <a href="{{links.metrics}}">metrics</a></p></nav>
</header>
<main>
<figure aria-labelledby="chart-caption">
<figcaption id="chart-caption">Swimlanes by context, by event time (UTC); each mark links to its event below</figcaption>
{{{chart}}}
</figure>
<section aria-labelledby="entries">
<h2 id="entries">Events ({{entries.length}})</h2>
{{#if entries.length}}
<table>
<thead><tr><th scope="col">Event time (UTC)</th><th scope="col">Recorded</th><th scope="col">Context</th><th scope="col">Type</th><th scope="col">Actor</th><th scope="col">Summary</th><th scope="col">Event id</th></tr></thead>
<tbody>
{{#each entries}}
<tr id="{{anchor}}"><td><time datetime="{{occurred.iso}}">{{occurred.text}}</time></td><td><time datetime="{{recorded.iso}}">{{recorded.text}}</time></td><td>{{context}}</td><td>{{type}}</td><td>{{actor}}</td><td class="summary">{{summary}}</td><td class="id">{{eventId}}</td></tr>
{{/each}}
</tbody>
</table>
{{else}}
<p>No events match.</p>
{{/if}}
</section>
</main>
</body>
</html>
`,
  { strict: true },
);

/** The page; `query` is the query string it was asked with, kept on its links to the same view in other formats. */
export function renderTimelinePage(timeline: TimelineView | TimelineAsOfView, metrics: IncidentMetricsView, lanes: readonly string[], query: string): string {
  const { incidentId, entries } = timeline;
  // The axis is the incident's own span, from its first signal (else its detection) to the last entry: a change
  // recorded hours before (context detection) is pinned at the axis start rather than squeezing the incident into a
  // few pixels.
  const start = metrics.moments.firstSignalAt ?? metrics.moments.detectedAt;
  const chart = swimlanes({
    id: 'timeline-chart',
    ...(start === null ? {} : { from: Date.parse(start) }),
    title: `Timeline of incident ${incidentId}`,
    lanes,
    marks: entries.map((e) => ({ lane: e.context, at: Date.parse(e.occurredAt), title: `${time(e.occurredAt).text} UTC · ${e.context} · ${e.summary}`, href: `#${eventAnchor(e.eventId)}` })),
    phases: phasesOf(metrics, entries),
  });
  const figure = (name: string, seconds: number | null) => ({ name, value: seconds === null ? '—' : durationLabel(seconds) });
  const detected = entries.find((e) => e.type === 'IncidentDetected');
  const suffix = query ? `?${query}` : '';
  return TEMPLATE({
    style: PAGE_STYLE,
    incidentId,
    headline: detected?.summary ?? null,
    asOf: 'asOf' in timeline ? time(timeline.asOf) : null,
    figures: [
      figure('Time to detect', metrics.timeToDetect),
      figure('Time to acknowledge', metrics.timeToAcknowledge),
      figure('Time to mitigate', metrics.timeToMitigate),
      figure('Time to resolve', metrics.timeToResolve),
      { name: 'Pages', value: String(metrics.pages) },
      { name: 'Escalations', value: String(metrics.escalations) },
    ],
    links: { json: `timeline${suffix}`, csv: `timeline.csv${suffix}`, md: `timeline.md${suffix}`, metrics: `metrics${'asOf' in timeline ? `?at=${encodeURIComponent(timeline.asOf)}` : ''}` },
    chart,
    entries: entries.map((e) => ({ ...e, anchor: eventAnchor(e.eventId), occurred: time(e.occurredAt), recorded: time(e.recordedAt) })),
  });
}
