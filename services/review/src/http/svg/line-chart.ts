import { leftAxis, legend, svgOpen } from './axis';
import { attrs, escapeXml, num } from './escape';
import { colourOf } from './palette';
import { linearScale, niceTicks } from './scale';

export interface LineSeries {
  name: string;
  /** One value per category, in the categories' order; `null` where there is none (the line breaks there). */
  values: readonly (number | null)[];
}

export interface LineChartSpec {
  /** The element id (unique in the page); its title's id derives from it. */
  id: string;
  title: string;
  /** The x axis, in order (e.g. ISO weeks). */
  categories: readonly string[];
  series: readonly LineSeries[];
  /** A value as shown on the axis and in the tooltips. */
  format?: (value: number) => string;
  /** The value axis' ticks up to the largest value (default: round numbers from 0). */
  ticks?: (max: number) => number[];
  width?: number;
  height?: number;
}

const MARGIN = { top: 34, right: 20, bottom: 34, left: 70 };

/**
 * A trend: one line per series over the categories, a point per known value with a tooltip (`<title>`) naming the
 * series, the category and the value. A missing value breaks the line rather than drawing a slope through it.
 */
export function lineChart(spec: LineChartSpec): string {
  const { id, title, categories, series, width = 720, height = 280 } = spec;
  const format = spec.format ?? ((v: number) => String(v));
  const known = series.flatMap((s) => s.values.filter((v): v is number => v !== null));
  const ticks = (spec.ticks ?? ((max: number) => niceTicks(0, max)))(Math.max(0, ...known));
  const y = linearScale([0, ticks[ticks.length - 1] ?? 1], [height - MARGIN.bottom, MARGIN.top]);
  const x = linearScale([0, Math.max(1, categories.length - 1)], [MARGIN.left + 10, width - MARGIN.right - 10]);
  const xAt = (i: number) => (categories.length === 1 ? (MARGIN.left + width - MARGIN.right) / 2 : x(i));

  const lines = series.map((s, si) => {
    let path = '';
    let pen = false;
    const points: string[] = [];
    s.values.forEach((value, i) => {
      if (value === null) return void (pen = false);
      path += `${pen ? 'L' : 'M'}${num(xAt(i))} ${num(y(value))}`;
      pen = true;
      const tip = `${s.name}, ${categories[i]}: ${format(value)}`;
      points.push(`<circle${attrs({ cx: xAt(i), cy: y(value), r: 4, fill: colourOf(si), 'aria-label': tip })}><title>${escapeXml(tip)}</title></circle>`);
    });
    const line = path ? `<path${attrs({ d: path, fill: 'none', stroke: colourOf(si), 'stroke-width': 2 })}/>` : '';
    return `<g class="series"${attrs({ 'data-series': s.name })}>${line}${points.join('')}</g>`;
  });

  const categoryAxis = `<g class="axis axis-x" font-size="11" fill="currentColor"><line${attrs({ x1: MARGIN.left, x2: width - MARGIN.right, y1: height - MARGIN.bottom, y2: height - MARGIN.bottom, stroke: 'currentColor' })}/>${categories
    .map((c, i) => `<text${attrs({ x: xAt(i), y: height - MARGIN.bottom + 18, 'text-anchor': 'middle' })}>${escapeXml(c)}</text>`)
    .join('')}</g>`;
  const empty = known.length === 0 ? `<text${attrs({ x: width / 2, y: height / 2, 'text-anchor': 'middle', fill: 'currentColor' })}>No data</text>` : '';
  return (
    svgOpen(id, title, width, height) +
    legend(series.map((s) => s.name), colourOf, MARGIN.left, 18) +
    leftAxis(y, ticks, format, MARGIN.left, width - MARGIN.right) +
    categoryAxis +
    lines.join('') +
    empty +
    '</svg>'
  );
}

