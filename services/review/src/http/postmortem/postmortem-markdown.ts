import { ActionItemView, PostmortemView } from '../../application/postmortem/postmortem.query';
import { changeRelation, changesIntro, metricRows } from './postmortem-figures';

/**
 * People's text in Markdown: kept as Markdown (a section is written in it), but raw HTML is neutralised (`<` as
 * `&lt;`, `&` as `&amp;`), so a renderer that passes HTML through shows the text rather than running it.
 */
export const markdownText = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
// A table cell is one line and `|` ends it (as the timeline's Markdown export).
const cell = (value: string): string => markdownText(value).replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r\n|\r|\n/g, '<br>');
// One line of inline text (a title): no line break may start a new block.
const inline = (value: string): string => markdownText(value).replace(/\r\n|\r|\n/g, ' ');

/** An item's status as the renderings say it: overdue, and whether its reminder failed to reach its owner. */
export function itemStatusText(item: ActionItemView): string {
  const notes = [item.overdue ? 'overdue' : null, item.reminder?.status === 'failed' ? `reminder failed ${item.reminder.at}` : null].filter((n) => n !== null);
  return `${item.status}${notes.length ? ` (${notes.join('; ')})` : ''}`;
}

/** The postmortem as a Markdown document: the prefill, then each section, the action items, the workflow history and the timeline excerpt. */
export function postmortemMarkdown(pm: PostmortemView): string {
  const s = pm.summary;
  const lines: string[] = [
    `# Postmortem: ${inline(s.title ?? `incident ${pm.incidentId}`)}`,
    '',
    `- **Status:** ${pm.status}${pm.publishedAt ? ` (published ${pm.publishedAt} by ${inline(pm.publishedBy ?? '')})` : ''}`,
    `- **Incident:** ${pm.incidentId}`,
    `- **Priority:** ${s.priority ?? 'unknown'} · **Severity:** ${s.severity ?? 'unknown'} · **Service:** ${inline(s.service ?? 'unknown')} · **Team:** ${inline(s.team ?? 'unknown')}`,
    `- **Opened:** ${pm.openedAt} (${pm.trigger === 'policy' ? `required at ${pm.priorityWhenOpened} by policy v${pm.policyVersion}` : `on request of ${inline(pm.openedBy)}`})`,
    '',
    '## Summary',
    '',
    `${inline(s.title ?? 'Untitled incident')}: ${s.alerts} alert(s); resolved ${s.resolvedBy ? `by ${inline(s.resolvedBy)}` : 'not yet'}${s.resolution ? `: ${inline(s.resolution)}` : ''}.`,
    '',
    '## Impact',
    '',
    `Triage: impact ${pm.impact.impact ?? '?'}, urgency ${pm.impact.urgency ?? '?'}${pm.impact.service ? ` on ${inline(pm.impact.service)}` : ''}.`,
    pm.impact.lastPublicUpdate
      ? `Last public update (${pm.impact.lastPublicUpdate.at}, ${pm.impact.lastPublicUpdate.phase}, ${pm.impact.lastPublicUpdate.impact} impact): ${inline(pm.impact.lastPublicUpdate.message)}`
      : 'No public update was posted.',
    '',
    `## Metrics (definitions v${pm.metrics.definitions}, as of ${pm.metrics.asOf})`,
    '',
    '| Metric | Value |',
    '| --- | --- |',
    ...metricRows(pm.metrics).map(([name, value]) => `| ${name} | ${cell(value)} |`),
    '',
    '## Changes before the incident',
    '',
    ...changesMarkdown(pm),
  ];
  for (const section of pm.sections) lines.push(`## ${section.title}`, '', section.text.trim() === '' ? '_Not written yet._' : markdownText(section.text), '');
  lines.push('## Action items', '');
  if (pm.actionItems.length === 0) lines.push('_None._', '');
  else {
    lines.push('| Title | Owner | Due | Status |', '| --- | --- | --- | --- |');
    for (const item of pm.actionItems) lines.push(`| ${cell(item.title)} | ${cell(item.owner)} | ${item.dueDate ?? '—'} | ${itemStatusText(item)} |`);
    lines.push('');
  }
  // The workflow's steps, who took them and why (a reopening always says why).
  lines.push('## History', '');
  if (pm.history.length === 0) lines.push('_No step yet: a draft since it opened._', '');
  else {
    lines.push('| At | Step | By | Reason |', '| --- | --- | --- | --- |');
    for (const h of pm.history) lines.push(`| ${h.at} | ${h.from} → ${h.to} | ${cell(h.by)} | ${h.reason === null ? '—' : cell(h.reason)} |`);
    lines.push('');
  }
  lines.push('## Timeline', '', '| Time | Context | Event | Summary |', '| --- | --- | --- | --- |');
  for (const e of pm.timeline) lines.push(`| ${e.occurredAt} | ${e.context} | ${e.type} | ${cell(e.summary)} |`);
  return `${lines.join('\n')}\n`;
}

/** The changes before the incident: a table, newest first (the links are in the JSON). */
function changesMarkdown(pm: PostmortemView): string[] {
  const changes = pm.changesBeforeIncident;
  if (changes.length === 0) return [changesIntro(pm), '', '_None._', ''];
  return [
    changesIntro(pm),
    '',
    '| When | Service | Relation | Change | Source |',
    '| --- | --- | --- | --- | --- |',
    ...changes.map((c) => `| ${c.at} | ${cell(c.service)} | ${cell(changeRelation(c))} | ${cell(c.summary)} | ${cell(c.source ?? '—')} |`),
    '',
  ];
}
