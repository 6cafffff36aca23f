import { createHash } from 'node:crypto';
import { PostmortemView } from '../../application/postmortem/postmortem.query';
import { changeRelation, changesIntro, metricRows } from './postmortem-figures';
import { itemStatusText } from './postmortem-markdown';

const STYLE = `
body { font: 16px/1.5 system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #1f2328; }
h1 { font-size: 1.6rem; } h2 { margin-top: 2rem; border-bottom: 1px solid #d0d7de; }
table { border-collapse: collapse; width: 100%; } th, td { text-align: left; padding: .3rem .5rem; border-bottom: 1px solid #d0d7de; vertical-align: top; }
.text { white-space: pre-wrap; } .muted { color: #656d76; } .overdue { color: #cf222e; font-weight: 600; }
.status { display: inline-block; padding: 0 .5rem; border-radius: 1rem; background: #ddf4ff; }
`;

/** The page's Content-Security-Policy: nothing loads, nothing runs; only its own stylesheet (by hash) applies. */
export const POSTMORTEM_PAGE_CSP = [
  "default-src 'none'",
  `style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`,
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
/** Every text that reaches the page goes through this: people's words and the sources' data alike. */
export const escapeHtml = (value: string | number | null | undefined): string => String(value ?? '').replace(/[&<>"']/g, (c) => ENTITIES[c]);

const row = (cells: (string | number | null)[], tag = 'td') => `<tr>${cells.map((c) => `<${tag}>${escapeHtml(c)}</${tag}>`).join('')}</tr>`;

// A sender's link is shown as a link only when it is a web address (never `javascript:` or the like), else as text.
const linkHtml = (link: { href: string; text?: string }): string =>
  /^https?:\/\//i.test(link.href)
    ? `<a href="${escapeHtml(link.href)}" rel="noopener noreferrer">${escapeHtml(link.text ?? link.href)}</a>`
    : escapeHtml(link.text ? `${link.text} (${link.href})` : link.href);

/** The changes before the incident: a table, newest first, with the sender's links. */
function changesHtml(pm: PostmortemView): string {
  if (pm.changesBeforeIncident.length === 0) return '<p class="muted">None.</p>';
  const rows = pm.changesBeforeIncident.map(
    (c) =>
      `<tr><td>${escapeHtml(c.at)}</td><td>${escapeHtml(c.service)}</td><td>${escapeHtml(changeRelation(c))}</td><td>${escapeHtml(c.summary)}</td><td>${escapeHtml(c.source ?? '—')}</td><td>${c.links.map(linkHtml).join('<br>')}</td></tr>`,
  );
  return `<table><thead>${row(['When', 'Service', 'Relation', 'Change', 'Source', 'Links'], 'th')}</thead><tbody>${rows.join('')}</tbody></table>`;
}

/**
 * The postmortem as one HTML page, server-rendered, no script. Sections are shown as their authors wrote them (Markdown
 * source, line breaks kept), escaped: a section is never interpreted as HTML.
 */
export function postmortemHtml(pm: PostmortemView): string {
  const s = pm.summary;
  const title = s.title ?? `Incident ${pm.incidentId}`;
  const sections = pm.sections
    .map((sec) => `<h2>${escapeHtml(sec.title)}</h2>\n${sec.text.trim() === '' ? '<p class="muted">Not written yet.</p>' : `<div class="text">${escapeHtml(sec.text)}</div>`}`)
    .join('\n');
  const items =
    pm.actionItems.length === 0
      ? '<p class="muted">None.</p>'
      : `<table><thead>${row(['Title', 'Owner', 'Due', 'Status'], 'th')}</thead><tbody>${pm.actionItems
          .map(
            (i) =>
              `<tr><td>${escapeHtml(i.title)}</td><td>${escapeHtml(i.owner)}</td><td>${escapeHtml(i.dueDate ?? '—')}</td><td${i.overdue || i.reminder?.status === 'failed' ? ' class="overdue"' : ''}>${escapeHtml(itemStatusText(i))}</td></tr>`,
          )
          .join('')}</tbody></table>`;
  // The workflow's steps, who took them and why (a reopening always says why).
  const history =
    pm.history.length === 0
      ? '<p class="muted">No step yet: a draft since it opened.</p>'
      : `<table><thead>${row(['At', 'Step', 'By', 'Reason'], 'th')}</thead><tbody>${pm.history.map((h) => row([h.at, `${h.from} → ${h.to}`, h.by, h.reason ?? '—'])).join('')}</tbody></table>`;
  const update = pm.impact.lastPublicUpdate;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Postmortem: ${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<h1>Postmortem: ${escapeHtml(title)}</h1>
<p><span class="status">${escapeHtml(pm.status)}</span>${pm.publishedAt ? ` published ${escapeHtml(pm.publishedAt)} by ${escapeHtml(pm.publishedBy)}` : ''}</p>
<table><tbody>
${row(['Incident', pm.incidentId])}
${row(['Priority', s.priority ?? 'unknown'])}
${row(['Severity', s.severity ?? 'unknown'])}
${row(['Service', s.service ?? 'unknown'])}
${row(['Team', s.team ?? 'unknown'])}
${row(['Opened', `${pm.openedAt} (${pm.trigger === 'policy' ? `required at ${pm.priorityWhenOpened} by policy v${pm.policyVersion}` : `on request of ${pm.openedBy}`})`])}
</tbody></table>
<h2>Summary</h2>
<p>${escapeHtml(`${title}: ${s.alerts} alert(s); resolved ${s.resolvedBy ? `by ${s.resolvedBy}` : 'not yet'}${s.resolution ? `: ${s.resolution}` : ''}.`)}</p>
<h2>Impact</h2>
<p>${escapeHtml(`Triage: impact ${pm.impact.impact ?? '?'}, urgency ${pm.impact.urgency ?? '?'}${pm.impact.service ? ` on ${pm.impact.service}` : ''}.`)}</p>
<p>${escapeHtml(update ? `Last public update (${update.at}, ${update.phase}, ${update.impact} impact): ${update.message}` : 'No public update was posted.')}</p>
<h2>Metrics</h2>
<p class="muted">Definitions v${escapeHtml(pm.metrics.definitions)}, as of ${escapeHtml(pm.metrics.asOf)}</p>
<table><tbody>${metricRows(pm.metrics).map(([name, value]) => row([name, value])).join('')}</tbody></table>
<h2>Changes before the incident</h2>
<p class="muted">${escapeHtml(changesIntro(pm))}</p>
${changesHtml(pm)}
${sections}
<h2>Action items</h2>
${items}
<h2>History</h2>
${history}
<h2>Timeline</h2>
<table><thead>${row(['Time', 'Context', 'Event', 'Summary'], 'th')}</thead><tbody>${pm.timeline.map((e) => row([e.occurredAt, e.context, e.type, e.summary])).join('')}</tbody></table>
</main>
</body>
</html>
`;
}
