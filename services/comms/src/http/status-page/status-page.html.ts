import { createHash } from 'node:crypto';
import Handlebars from 'handlebars';
import { STATUS_LABELS } from '../../domain/status-page/component-status';
import { PublicIncidentView, StatusPageView } from '../../domain/status-page/status-page-view';

/**
 * The public status page as HTML (issue 15): rendered on the server, so it reads the same with JavaScript off;
 * landmarks, headings and lists for screen readers; statuses in words (colour only repeats them); light and dark
 * from `prefers-color-scheme`. Every value from an event goes through Handlebars' escaping (`{{ }}`); the only
 * unescaped part is the stylesheet below, a constant, allowed by its hash in the page's CSP.
 */
const STYLE = `
:root { color-scheme: light dark; --bg: #ffffff; --fg: #1b1f24; --muted: #4d5661; --line: #d0d7de; --card: #f6f8fa;
  --ok: #116329; --minor: #7a4e00; --major: #a3390b; --critical: #b3161f; --maint: #0a5bb5; }
@media (prefers-color-scheme: dark) {
  :root { --bg: #0d1117; --fg: #e6edf3; --muted: #9da7b3; --line: #30363d; --card: #161b22;
    --ok: #56d364; --minor: #e3b341; --major: #f0883e; --critical: #ff7b72; --maint: #79c0ff; }
}
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 50rem; padding: 1rem; background: var(--bg); color: var(--fg);
  font: 1rem/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
a { color: inherit; }
.skip { position: absolute; left: -999px; }
.skip:focus { left: 1rem; top: 1rem; background: var(--card); padding: .5rem; }
h1 { font-size: 1.75rem; margin: .5rem 0; }
h2 { font-size: 1.25rem; margin: 2rem 0 .5rem; border-bottom: 1px solid var(--line); padding-bottom: .25rem; }
h3 { font-size: 1.05rem; margin: 0 0 .25rem; }
ul, ol { list-style: none; padding: 0; margin: 0; }
.overall { font-size: 1.2rem; font-weight: 600; padding: .75rem 1rem; border-radius: .4rem; border-left: .4rem solid currentColor; background: var(--card); }
.muted, time { color: var(--muted); }
.card { background: var(--card); border: 1px solid var(--line); border-radius: .4rem; padding: .75rem 1rem; margin: .5rem 0; }
.components li { display: flex; justify-content: space-between; gap: 1rem; padding: .5rem 0; border-bottom: 1px solid var(--line); }
.updates li { border-left: 2px solid var(--line); padding: .25rem 0 .25rem .75rem; margin: .5rem 0; }
.updates p { margin: 0; white-space: pre-line; }
.s-operational, .i-none { color: var(--ok); }
.s-degraded_performance, .i-minor { color: var(--minor); }
.s-partial_outage, .i-major { color: var(--major); }
.s-major_outage, .i-critical { color: var(--critical); }
.s-under_maintenance, .i-maintenance { color: var(--maint); }
.status { font-weight: 600; }
footer { margin-top: 2rem; font-size: .9rem; }
`;

/** The page's Content-Security-Policy: nothing loads, nothing runs; only its own stylesheet (by hash) applies. */
export const STATUS_PAGE_CSP = [
  "default-src 'none'",
  `style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`,
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const UPDATE_LABELS = { investigating: 'Investigating', identified: 'Identified', monitoring: 'Monitoring', resolved: 'Resolved' } as const;
const IMPACT_LABELS = { none: 'No impact', minor: 'Minor impact', major: 'Major impact', critical: 'Critical impact' } as const;
const SYMBOLS = { operational: '✓', degraded_performance: '▲', partial_outage: '◆', major_outage: '✕', under_maintenance: '⚙' } as const;

const when = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', dateStyle: 'medium', timeStyle: 'short' });
const shown = (iso: string) => ({ iso, text: `${when.format(new Date(iso))} UTC` });

/** Its own Handlebars environment: the partial's name is nobody else's business. */
const hbs = Handlebars.create();

const TEMPLATE = hbs.compile(
  `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>{{status.description}} · Status</title>
<link rel="alternate" type="application/atom+xml" title="Incidents (Atom)" href="status/feed.atom">
<link rel="alternate" type="application/json" title="Status (JSON)" href="status.json">
<style>{{{style}}}</style>
</head>
<body>
<a class="skip" href="#main">Skip to the status</a>
<header>
<h1>System status</h1>
<p class="overall i-{{status.indicator}}">{{status.description}}</p>
<p class="muted">Updated <time datetime="{{updated.iso}}">{{updated.text}}</time></p>
</header>
<main id="main">
<section aria-labelledby="active">
<h2 id="active">Active incidents</h2>
{{#if incidents.length}}
<ol>
{{#each incidents}}{{> incident}}{{/each}}
</ol>
{{else}}
<p>No incidents are open.</p>
{{/if}}
</section>
{{#if maintenances.length}}
<section aria-labelledby="maintenance">
<h2 id="maintenance">Scheduled maintenance</h2>
<ol>
{{#each maintenances}}
<li class="card"><h3>{{name}}</h3><p><span class="status s-under_maintenance">{{statusLabel}}</span> · <time datetime="{{from.iso}}">{{from.text}}</time> to <time datetime="{{until.iso}}">{{until.text}}</time></p></li>
{{/each}}
</ol>
</section>
{{/if}}
<section aria-labelledby="components">
<h2 id="components">Components</h2>
{{#if components.length}}
<ul class="components">
{{#each components}}
<li><span>{{name}}</span> <span class="status s-{{status}}"><span aria-hidden="true">{{symbol}}</span> {{label}}</span></li>
{{/each}}
</ul>
{{else}}
<p>No components are known yet.</p>
{{/if}}
</section>
<section aria-labelledby="history">
<h2 id="history">Past incidents (last {{historyDays}} days)</h2>
{{#if history.length}}
<ol>
{{#each history}}{{> incident}}{{/each}}
</ol>
{{else}}
<p>No incidents in the last {{historyDays}} days.</p>
{{/if}}
</section>
</main>
<footer>
<p>Subscribe: <a href="status/feed.atom">Atom feed</a> · <a href="status.json">JSON</a></p>
</footer>
</body>
</html>
`,
  { strict: true },
);

hbs.registerPartial(
  'incident',
  `<li id="incident-{{id}}">
<article class="card" aria-labelledby="incident-{{id}}-name">
<h3 id="incident-{{id}}-name">{{name}}</h3>
<p><span class="status">{{statusLabel}}</span> · <span class="i-{{impact}}">{{impactLabel}}</span>{{#if component}} · Affects <strong>{{component}}</strong>{{/if}}</p>
<p class="muted">Started <time datetime="{{created.iso}}">{{created.text}}</time>{{#if resolved}} · Resolved <time datetime="{{resolved.iso}}">{{resolved.text}}</time>{{/if}}</p>
{{#if updates.length}}
<h4 class="muted">Updates</h4>
<ol class="updates">
{{#each updates}}
<li><p><strong>{{statusLabel}}</strong> · <time datetime="{{posted.iso}}">{{posted.text}}</time></p><p>{{body}}</p></li>
{{/each}}
</ol>
{{/if}}
</article>
</li>`,
);

const incidentModel = (incident: PublicIncidentView) => ({
  ...incident,
  statusLabel: UPDATE_LABELS[incident.status],
  impactLabel: IMPACT_LABELS[incident.impact],
  created: shown(incident.createdAt),
  resolved: incident.resolvedAt ? shown(incident.resolvedAt) : null,
  updates: incident.updates.map((u) => ({ ...u, statusLabel: UPDATE_LABELS[u.status], posted: shown(u.createdAt) })),
});

export function renderStatusPage(view: StatusPageView): string {
  return TEMPLATE({
    style: STYLE,
    status: view.status,
    updated: shown(view.updatedAt),
    historyDays: view.historyDays,
    components: view.components.map((c) => ({ ...c, label: STATUS_LABELS[c.status], symbol: SYMBOLS[c.status] })),
    incidents: view.incidents.map(incidentModel),
    history: view.history.map(incidentModel),
    maintenances: view.scheduledMaintenances.map((m) => ({
      ...m,
      statusLabel: m.status === 'in_progress' ? 'In progress' : 'Scheduled',
      from: shown(m.scheduledFor),
      until: shown(m.scheduledUntil),
    })),
  });
}
