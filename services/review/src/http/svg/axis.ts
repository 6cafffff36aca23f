import { attrs, escapeXml, num } from './escape';
import { Scale } from './scale';

/** A horizontal axis along `y`: a tick and its label at each value, an optional grid line up to `gridTop`. */
export function bottomAxis(scale: Scale, ticks: readonly number[], label: (value: number) => string, y: number, gridTop?: number): string {
  const [x0, x1] = scale.range;
  const marks = ticks.map((t) => {
    const x = scale(t);
    const grid = gridTop === undefined ? '' : `<line${attrs({ x1: x, x2: x, y1: gridTop, y2: y, stroke: 'currentColor', 'stroke-opacity': '0.15' })}/>`;
    return `${grid}<line${attrs({ x1: x, x2: x, y1: y, y2: y + 5, stroke: 'currentColor' })}/><text${attrs({ x, y: y + 18, 'text-anchor': 'middle' })}>${escapeXml(label(t))}</text>`;
  });
  return `<g class="axis axis-x" font-size="11" fill="currentColor"><line${attrs({ x1: x0, x2: x1, y1: y, y2: y, stroke: 'currentColor' })}/>${marks.join('')}</g>`;
}

/** A vertical axis along `x`: a tick and its label at each value, an optional grid line across to `gridRight`. */
export function leftAxis(scale: Scale, ticks: readonly number[], label: (value: number) => string, x: number, gridRight?: number): string {
  const [y0, y1] = scale.range;
  const marks = ticks.map((t) => {
    const y = scale(t);
    const grid = gridRight === undefined ? '' : `<line${attrs({ x1: x, x2: gridRight, y1: y, y2: y, stroke: 'currentColor', 'stroke-opacity': '0.15' })}/>`;
    return `${grid}<line${attrs({ x1: x - 5, x2: x, y1: y, y2: y, stroke: 'currentColor' })}/><text${attrs({ x: x - 8, y: y + 4, 'text-anchor': 'end' })}>${escapeXml(label(t))}</text>`;
  });
  return `<g class="axis axis-y" font-size="11" fill="currentColor"><line${attrs({ x1: x, x2: x, y1: y0, y2: y1, stroke: 'currentColor' })}/>${marks.join('')}</g>`;
}

/** The opening of a chart: a scalable `<svg>` named by its `<title>` (and the title is what a tooltip shows over the background). */
export function svgOpen(id: string, title: string, width: number, height: number, role: 'img' | 'group' = 'img'): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg"${attrs({ id, class: 'chart', viewBox: `0 0 ${num(width)} ${num(height)}`, width: '100%', role, 'aria-labelledby': `${id}-title`, 'font-family': 'system-ui, sans-serif' })}>` +
    `<title id="${escapeXml(id)}-title">${escapeXml(title)}</title>`
  );
}

/** A legend: a swatch and a name per series, in a row from `x`. */
export function legend(names: readonly string[], colour: (index: number) => string, x: number, y: number): string {
  let cursor = x;
  const items = names.map((name, i) => {
    const item = `<rect${attrs({ x: cursor, y: y - 9, width: 10, height: 10, fill: colour(i) })}/><text${attrs({ x: cursor + 14, y })}>${escapeXml(name)}</text>`;
    cursor += 24 + name.length * 7;
    return item;
  });
  return `<g class="legend" font-size="12" fill="currentColor">${items.join('')}</g>`;
}
