/**
 * Scales and ticks: pure arithmetic from a domain (values) to a range (pixels), shared by every chart.
 */
export interface Scale {
  (value: number): number;
  readonly domain: readonly [number, number];
  readonly range: readonly [number, number];
}

/** A linear map of `domain` onto `range`; an empty domain (one value) maps everything to the middle of the range. */
export function linearScale(domain: readonly [number, number], range: readonly [number, number]): Scale {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const span = d1 - d0;
  const scale = ((value: number) => (span === 0 ? (r0 + r1) / 2 : r0 + ((value - d0) / span) * (r1 - r0))) as Scale;
  return Object.assign(scale, { domain: [d0, d1] as const, range: [r0, r1] as const });
}

/** A step of 1, 2, 2.5 or 5 times a power of ten, so that about `count` steps cover `span`. */
function niceStep(span: number, count: number): number {
  const raw = span / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const factor = [1, 2, 2.5, 5, 10].find((f) => f * power >= raw) ?? 10;
  return factor * power;
}

/**
 * Round values from 0 (or below `min`) to at least `max`, about `count` intervals: the ticks of a value axis, whose
 * last tick is the axis' top. A zero span gives one interval above it.
 */
export function niceTicks(min: number, max: number, count = 5): number[] {
  const top = max > min ? max : min + 1;
  const step = niceStep(top - min, count);
  const first = Math.floor(min / step) * step;
  const ticks: number[] = [];
  for (let v = first; v < top + step - 1e-9; v += step) {
    ticks.push(Number((Math.round(v / step) * step).toPrecision(12))); // no 0.6000000000000001
    if (v >= top) break;
  }
  return ticks;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const TIME_STEPS = [SECOND, 5 * SECOND, 15 * SECOND, 30 * SECOND, MINUTE, 2 * MINUTE, 5 * MINUTE, 10 * MINUTE, 15 * MINUTE, 30 * MINUTE, HOUR, 2 * HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, DAY, 2 * DAY, 7 * DAY];

/** Instants (epoch ms) on whole steps of the clock (a minute, five, an hour, a day… in UTC) within [from, to], at most `max` of them. */
export function timeTicks(from: number, to: number, max = 8): number[] {
  const span = Math.max(0, to - from);
  const step = TIME_STEPS.find((s) => span / s <= max) ?? Math.ceil(span / max / DAY) * DAY;
  const ticks: number[] = [];
  for (let t = Math.ceil(from / step) * step; t <= to; t += step) ticks.push(t);
  return ticks;
}

/** An instant as a clock label in UTC: `HH:MM`, with seconds when it has some, the date when the span covers days. */
export function timeLabel(ms: number, withDate = false): string {
  const iso = new Date(ms).toISOString();
  const clock = iso.slice(11, 19).endsWith(':00') ? iso.slice(11, 16) : iso.slice(11, 19);
  return withDate ? `${iso.slice(5, 10)} ${clock}` : clock;
}

/** Whole seconds as a short duration: `45s`, `5m 45s`, `2h 3m`, `3d 4h`. */
export function durationLabel(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return s % 60 ? `${Math.floor(s / 60)}m ${s % 60}s` : `${s / 60}m`;
  if (s < 86_400) return Math.floor(s / 60) % 60 ? `${Math.floor(s / 3600)}h ${Math.floor(s / 60) % 60}m` : `${s / 3600}h`;
  return Math.floor(s / 3600) % 24 ? `${Math.floor(s / 86_400)}d ${Math.floor(s / 3600) % 24}h` : `${s / 86_400}d`;
}

/** Ticks for durations in seconds up to `max`: whole steps of the clock (30s, 5m, 1h…), 0 first, at most about 6. */
export function durationTicks(max: number): number[] {
  const top = Math.max(1, max);
  const step = TIME_STEPS.map((ms) => ms / 1000).find((s) => top / s <= 5) ?? Math.ceil(top / 5 / 86_400) * 86_400;
  const ticks: number[] = [];
  for (let v = 0; v < top + step; v += step) ticks.push(v);
  return ticks;
}
