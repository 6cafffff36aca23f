import { bottomAxis, svgOpen } from './axis';
import { attrs, escapeXml } from './escape';
import { colourOf } from './palette';
import { linearScale, timeLabel, timeTicks } from './scale';

export interface SwimlaneMark {
  /** The lane it belongs to (one of the chart's lanes; a mark of no lane is left out). */
  lane: string;
  /** When, in epoch ms. */
  at: number;
  /** Its tooltip and accessible name. */
  title: string;
  /** Where a click leads (e.g. `#event-<id>`). */
  href?: string;
}

/** A moment across every lane (a phase: detected, acknowledged…), labelled at the top. */
export interface SwimlanePhase {
  label: string;
  at: number;
  title: string;
  href?: string;
}

export interface SwimlaneSpec {
  id: string;
  title: string;
  lanes: readonly string[];
  marks: readonly SwimlaneMark[];
  phases?: readonly SwimlanePhase[];
  /**
   * Where the time axis starts (epoch ms), e.g. an incident's first signal: marks before it (a change hours earlier)
   * do not stretch the axis; each is pinned in a narrow "before" gutter left of the start, its tooltip saying so (its
   * own title keeps its real time), behind a break in the axis. Without it the axis spans every mark.
   */
  from?: number;
  width?: number;
}

const LANE_LABEL = 110;
const LANE_HEIGHT = 44;
const TOP = 48;
const RIGHT = 24;
const AXIS = 32;
const MARK_RADIUS = 6;
const BEFORE_GUTTER = 44;
const BEFORE_NOTE = ' (before the incident: shown at the start of the axis)';

/**
 * Lanes over time: a row per lane, each mark a dot in its lane at its instant (a link when it has an `href`, with its
 * title as tooltip), the phases as labelled lines across every lane (drawn beneath the marks). Dots closer than a dot's width are staggered
 * within the lane so that each stays clickable. The time axis (UTC) spans the marks and the phases, from `from` when
 * given (earlier marks pinned before it, see `from`).
 */
export function swimlanes(spec: SwimlaneSpec): string {
  const { id, title, lanes, marks, phases = [], width = 960 } = spec;
  const isBefore = (at: number) => spec.from !== undefined && at < spec.from;
  const anyBefore = marks.some((m) => lanes.includes(m.lane) && isBefore(m.at));
  const instants = [...marks.filter((m) => !isBefore(m.at)).map((m) => m.at), ...phases.map((p) => p.at), ...(spec.from === undefined ? [] : [spec.from])];
  const from = instants.length ? Math.min(...instants) : 0;
  const to = instants.length ? Math.max(...instants) : 0;
  const pad = Math.max(1000, (to - from) * 0.03); // the first and last marks off the edges
  // With marks before the start, the axis begins after a gutter where they are pinned.
  const plotLeft = LANE_LABEL + (anyBefore ? BEFORE_GUTTER : 0);
  const scale = linearScale([from - pad, to + pad], [plotLeft, width - RIGHT]);
  const x = (at: number) => (isBefore(at) ? LANE_LABEL + BEFORE_GUTTER / 2 : scale(at));
  const height = TOP + lanes.length * LANE_HEIGHT + AXIS;
  const bottom = TOP + lanes.length * LANE_HEIGHT;

  const rows = lanes.map((lane, li) => {
    const top = TOP + li * LANE_HEIGHT;
    const middle = top + LANE_HEIGHT / 2;
    const inLane = marks.filter((m) => m.lane === lane).sort((a, b) => a.at - b.at);
    let lastX = -Infinity;
    let shift = 0;
    const dots = inLane.map((mark) => {
      const cx = x(mark.at);
      shift = cx - lastX < MARK_RADIUS * 2 ? (shift + 1) % 3 : 0;
      lastX = cx;
      const cy = middle + [0, -12, 12][shift];
      const dot = `<circle${attrs({ cx, cy, r: MARK_RADIUS, fill: colourOf(li), stroke: 'currentColor', 'stroke-width': 1 })}/>`;
      const name = isBefore(mark.at) ? `${mark.title}${BEFORE_NOTE}` : mark.title;
      const cls = isBefore(mark.at) ? 'mark before' : 'mark';
      const tip = `<title>${escapeXml(name)}</title>`;
      return mark.href
        ? `<a${attrs({ class: cls, href: mark.href, 'aria-label': name })}>${tip}${dot}</a>`
        : `<g${attrs({ class: cls, 'aria-label': name })}>${tip}${dot}</g>`;
    });
    const band = `<rect${attrs({ x: LANE_LABEL, y: top, width: width - RIGHT - LANE_LABEL, height: LANE_HEIGHT, fill: 'currentColor', 'fill-opacity': li % 2 ? '0.03' : '0.07' })}/>`;
    const label = `<text${attrs({ x: LANE_LABEL - 10, y: middle + 4, 'text-anchor': 'end', fill: 'currentColor', 'font-size': 13 })}>${escapeXml(lane)}</text>`;
    return `<g class="lane"${attrs({ 'data-lane': lane, role: 'group', 'aria-label': `${lane} lane` })}>${band}${label}${dots.join('')}</g>`;
  });

  const phaseMarks = [...phases]
    .sort((a, b) => a.at - b.at)
    .map((phase, i) => {
      const px = x(phase.at);
      const labelY = 14 + (i % 2) * 16; // alternate rows: close phases stay legible
      const line = `<line${attrs({ x1: px, x2: px, y1: labelY + 4, y2: bottom, stroke: 'currentColor', 'stroke-width': 1.5, 'stroke-dasharray': '4 3' })}/>`;
      const text = `<text${attrs({ x: px, y: labelY, 'text-anchor': 'middle', fill: 'currentColor', 'font-size': 12, 'font-weight': 'bold' })}>${escapeXml(phase.label)}</text>`;
      const body = `<title>${escapeXml(phase.title)}</title>${line}${text}`;
      return phase.href
        ? `<a class="phase"${attrs({ href: phase.href, 'aria-label': phase.title, 'data-phase': phase.label })}>${body}</a>`
        : `<g class="phase"${attrs({ 'aria-label': phase.title, 'data-phase': phase.label })}>${body}</g>`;
    });

  const withDate = to - from > 20 * 3600_000 || new Date(from).toISOString().slice(0, 10) !== new Date(to).toISOString().slice(0, 10);
  const axis = bottomAxis(scale, timeTicks(from - pad, to + pad, Math.max(3, Math.floor((width - plotLeft) / 90))), (t) => timeLabel(t, withDate), bottom, TOP);
  // The gutter of earlier marks: labelled "before", its edge a dotted line across the lanes and a break (//) in the axis.
  const edge = plotLeft - 4;
  const gutter = anyBefore
    ? `<g class="before"${attrs({ 'aria-label': 'Before the incident: earlier entries, not to scale' })}>` +
      `<text${attrs({ class: 'before-label', x: LANE_LABEL + BEFORE_GUTTER / 2, y: TOP - 4, 'text-anchor': 'middle', fill: 'currentColor', 'font-size': 11, 'font-style': 'italic' })}>before</text>` +
      `<line${attrs({ x1: edge, x2: edge, y1: TOP, y2: bottom, stroke: 'currentColor', 'stroke-opacity': '0.5', 'stroke-dasharray': '1 3' })}/>` +
      [-3, 3].map((dx) => `<line${attrs({ x1: edge + dx - 3, x2: edge + dx + 3, y1: bottom + 6, y2: bottom - 6, stroke: 'currentColor' })}/>`).join('') +
      '</g>'
    : '';
  // The phases under the lanes: a mark on a phase's line stays the mark a click reaches (the phase's label, above the lanes, stays its own link).
  return svgOpen(id, title, width, height, 'group') + axis + gutter + phaseMarks.join('') + rows.join('') + '</svg>';
}
