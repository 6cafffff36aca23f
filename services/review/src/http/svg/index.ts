/** Server-rendered SVG charts: pure functions from data to markup, every text escaped, no script. */
export { escapeXml } from './escape';
export { linearScale, niceTicks, timeTicks, timeLabel, durationLabel, durationTicks } from './scale';
export type { Scale } from './scale';
export { lineChart } from './line-chart';
export type { LineChartSpec, LineSeries } from './line-chart';
export { barChart } from './bar-chart';
export type { BarChartSpec, BarGroup } from './bar-chart';
export { swimlanes } from './swimlane';
export type { SwimlaneSpec, SwimlaneMark, SwimlanePhase } from './swimlane';
