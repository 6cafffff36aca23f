import { stringify } from 'csv-stringify/sync';
import { EntryView, TimelineAsOfView, TimelineView } from '../application/queries';
import { markdownText } from './postmortem/postmortem-markdown';

/** The columns of both exports, in order: the event time first, as a post-incident review reads a timeline. */
export const EXPORT_COLUMNS = ['occurredAt', 'recordedAt', 'context', 'type', 'actor', 'summary', 'eventId'] as const;

const row = (entry: EntryView): string[] => EXPORT_COLUMNS.map((column) => entry[column]);

/**
 * RFC 4180 CSV (CRLF line ends, a header row; a field holding a comma, a quote or a line break quoted, its quotes doubled),
 * by csv-stringify. A field starting with `=`, `+`, `-`, `@`, a tab or a carriage return is prefixed with `'` (csv-stringify's
 * `escape_formulas`): a note is anyone's text, and a spreadsheet opening the file would run it as a formula.
 */
export function timelineCsv(timeline: TimelineView | TimelineAsOfView): string {
  return stringify(timeline.entries.map(row), { header: true, columns: [...EXPORT_COLUMNS], record_delimiter: 'windows', escape_formulas: true });
}

// A table cell is one line, and `|` ends it: line breaks become <br>, pipes (and the backslash that would escape them) are escaped.
// A summary quotes people's notes: raw HTML in it is neutralised as postmortem.md does (`markdownText`), so a renderer
// that passes HTML through shows the text rather than running it.
const cell = (value: string): string => markdownText(value).replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r\n|\r|\n/g, '<br>');

/** A Markdown document: a heading naming the incident (and the moment, with `?at=`), then the entries as a GFM table. */
export function timelineMarkdown(timeline: TimelineView | TimelineAsOfView): string {
  const heading = `# Timeline of incident ${timeline.incidentId}${'asOf' in timeline ? ` as of ${timeline.asOf}` : ''}`;
  const lines = [`| ${EXPORT_COLUMNS.join(' | ')} |`, `| ${EXPORT_COLUMNS.map(() => '---').join(' | ')} |`, ...timeline.entries.map((e) => `| ${row(e).map(cell).join(' | ')} |`)];
  return `${heading}\n\n${lines.join('\n')}\n`;
}
