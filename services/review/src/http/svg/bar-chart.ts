import { legend, svgOpen } from './axis';
import { attrs, escapeXml } from './escape';
import { colourOf } from './palette';
import { linearScale } from './scale';

export interface BarGroup {
  /** The category (a priority, a service, a person). */
  label: string;
  /** One value per series, in the series' order. */
  values: readonly number[];
  /** The label's tooltip, when the label shows less (an id shortened); default: the label. */
  title?: string;
}

export interface BarChartSpec {
  id: string;
  title: string;
  /** The names of the values of each group (one bar each), e.g. `['pages', 'out of hours']`. */
  series: readonly string[];
  groups: readonly BarGroup[];
  format?: (value: number) => string;
  width?: number;
}

const LABEL_WIDTH = 150;
const BAR = 16;
const GAP = 10;
const LEGEND = 26;
const MAX_LABEL = 20;

/**
 * Categories as horizontal bars (a long label stays readable), one bar per series in each group, its value written
 * at its end, its tooltip naming the category, the series and the value. Bars start at 0 on a shared scale.
 */
export function barChart(spec: BarChartSpec): string {
  const { id, title, series, groups, width = 720 } = spec;
  const format = spec.format ?? ((v: number) => String(v));
  const max = Math.max(0, ...groups.flatMap((g) => g.values));
  const groupHeight = series.length * BAR + GAP;
  const TOP = series.length > 1 ? LEGEND : 6; // room for the legend, drawn only with several series
  const height = TOP + Math.max(1, groups.length) * groupHeight + 10;
  const x = linearScale([0, max || 1], [LABEL_WIDTH, width - 60]);

  const rows = groups.map((group, gi) => {
    const top = TOP + gi * groupHeight;
    const shown = group.label.length > MAX_LABEL ? `${group.label.slice(0, MAX_LABEL - 1)}…` : group.label;
    // The whole label as the tooltip of the shown (maybe shortened) one; the text itself holds only what shows.
    const label = `<g class="label"><title>${escapeXml(group.title ?? group.label)}</title><text${attrs({ x: LABEL_WIDTH - 8, y: top + (series.length * BAR) / 2 + 4, 'text-anchor': 'end', fill: 'currentColor' })}>${escapeXml(shown)}</text></g>`;
    const bars = group.values.map((value, si) => {
      const tip = `${group.title ?? group.label}, ${series[si] ?? ''}: ${format(value)}`;
      const barWidth = Math.max(value > 0 ? 1 : 0, x(value) - LABEL_WIDTH);
      return (
        `<rect${attrs({ x: LABEL_WIDTH, y: top + si * BAR, width: barWidth, height: BAR - 2, fill: colourOf(si), 'aria-label': tip })}><title>${escapeXml(tip)}</title></rect>` +
        `<text${attrs({ class: 'value', x: LABEL_WIDTH + barWidth + 4, y: top + si * BAR + BAR - 5, fill: 'currentColor', 'font-size': 11 })}>${escapeXml(format(value))}</text>`
      );
    });
    return `<g class="bar-group"${attrs({ 'data-label': group.label })}>${label}${bars.join('')}</g>`;
  });
  const empty = groups.length === 0 ? `<text${attrs({ x: width / 2, y: TOP + 14, 'text-anchor': 'middle', fill: 'currentColor' })}>No data</text>` : '';
  return svgOpen(id, title, width, height) + (series.length > 1 ? legend(series, colourOf, LABEL_WIDTH, 16) : '') + `<g font-size="12">${rows.join('')}</g>` + empty + '</svg>';
}
