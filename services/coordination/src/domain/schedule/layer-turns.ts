import { Schedule, ScheduleLayer, WEEKDAYS, minutesOf, periodHoursOf, wallOf } from './definition';
import { DAY_MS, HOUR_MS, dayOfWall, formatWall, instantOfWall, wallOfInstant, weekdayOfWall } from './zone-time';

/** One participant's stretch on one layer: a rotation turn, cut to one restriction window. Times are instants (ms). */
export interface Turn {
  /** 1-based: layer 1 is the lowest. */
  layer: number;
  /** The rotation turn (0 = the one that starts at the layer's `start`). */
  turn: number;
  personId: string;
  start: number;
  end: number;
  /** Unique per stretch: a final shift never spans two. */
  key: string;
}

/**
 * A layer's hand-offs: turn k starts at the wall time anchor + k × period, where the anchor is
 * `start`'s day at `handoffTime`. Stepping in wall time keeps every hand-off at its local time
 * through daylight-saving changes; each is pinned to an instant by the zone rules of zone-time.ts.
 */
class Rotation {
  private readonly period: number;
  private readonly anchor: number;
  private readonly handoffs = new Map<number, number>();
  /** The instant the layer starts, and the turn it falls in (that turn is participant 0's). */
  readonly startsAt: number;
  private readonly firstTurn: number;

  constructor(
    private readonly layer: ScheduleLayer,
    private readonly timeZone: string,
  ) {
    const startWall = wallOf(layer.start)!;
    this.period = periodHoursOf(layer) * HOUR_MS;
    this.anchor = dayOfWall(startWall) + minutesOf(layer.handoffTime) * 60_000;
    this.startsAt = instantOfWall(startWall, timeZone);
    this.firstTurn = this.turnAt(this.startsAt);
  }

  handoff(turn: number): number {
    let at = this.handoffs.get(turn);
    if (at === undefined) {
      at = instantOfWall(this.anchor + turn * this.period, this.timeZone);
      this.handoffs.set(turn, at);
    }
    return at;
  }

  /** The turn whose [handoff(k), handoff(k+1)) holds the instant. */
  turnAt(instant: number): number {
    let turn = Math.floor((wallOfInstant(instant, this.timeZone) - this.anchor) / this.period);
    // The wall guess can be one off around a daylight-saving change; the instants decide.
    while (this.handoff(turn) > instant) turn -= 1;
    while (this.handoff(turn + 1) <= instant) turn += 1;
    return turn;
  }

  personOf(turn: number): string {
    const n = this.layer.participants.length;
    return this.layer.participants[(((turn - this.firstTurn) % n) + n) % n];
  }

  /** 0 for the participant who starts the layer. */
  positionOf(turn: number): number {
    const n = this.layer.participants.length;
    return (((turn - this.firstTurn) % n) + n) % n;
  }
}

/** The restriction windows of a layer that overlap [from, to), as merged, sorted instant intervals. */
function restrictionWindows(layer: ScheduleLayer, timeZone: string, from: number, to: number): Array<[number, number]> {
  const windows: Array<[number, number]> = [];
  // A window that runs overnight starts the day before.
  const firstDay = dayOfWall(wallOfInstant(from, timeZone)) - DAY_MS;
  const lastDay = dayOfWall(wallOfInstant(to, timeZone));
  for (let day = firstDay; day <= lastDay; day += DAY_MS) {
    const weekday = WEEKDAYS[weekdayOfWall(day)];
    for (const r of layer.restrictions) {
      if (!r.days.includes(weekday)) continue;
      const start = minutesOf(r.start);
      const end = minutesOf(r.end);
      const startAt = instantOfWall(day + start * 60_000, timeZone);
      const endAt = instantOfWall(day + (end > start ? end : end + 24 * 60) * 60_000, timeZone);
      if (endAt > from && startAt < to && endAt > startAt) windows.push([startAt, endAt]);
    }
  }
  windows.sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const w of windows) {
    const last = merged[merged.length - 1];
    if (last && w[0] <= last[1]) last[1] = Math.max(last[1], w[1]);
    else merged.push([...w]);
  }
  return merged;
}

/** Why a layer has nobody at an instant, or who it has and which turn: for "why not them". */
export interface LayerAnswer {
  turn: Turn | null;
  reason: string;
}

/** A layer's turns over [from, to), in order, cut by its restrictions; not clipped to the range. */
export function layerTurns(schedule: Schedule, index: number, from: number, to: number): Turn[] {
  const layer = schedule.layers[index];
  const rotation = new Rotation(layer, schedule.timeZone);
  const lo = Math.max(from, rotation.startsAt);
  if (lo >= to) return [];
  const windows = layer.restrictions.length ? restrictionWindows(layer, schedule.timeZone, lo, to) : undefined;
  const turns: Turn[] = [];
  for (let turn = rotation.turnAt(lo); rotation.handoff(turn) < to; turn += 1) {
    const start = Math.max(rotation.handoff(turn), rotation.startsAt);
    const end = rotation.handoff(turn + 1);
    if (end <= start) continue; // a turn swallowed by a daylight-saving gap
    const personId = rotation.personOf(turn);
    const base = { layer: index + 1, turn, personId };
    if (!windows) {
      turns.push({ ...base, start, end, key: `layer:${index + 1}:${turn}` });
      continue;
    }
    for (const [ws, we] of windows) {
      const s = Math.max(start, ws);
      const e = Math.min(end, we);
      if (e > s) turns.push({ ...base, start: s, end: e, key: `layer:${index + 1}:${turn}:${s}` });
    }
  }
  return turns;
}

/** Who a layer has at an instant, and why (or why nobody). */
export function layerAt(schedule: Schedule, index: number, at: number): LayerAnswer {
  const layer = schedule.layers[index];
  const rotation = new Rotation(layer, schedule.timeZone);
  if (at < rotation.startsAt) return { turn: null, reason: `layer ${index + 1} (${layer.name}) starts at ${layer.start} (${schedule.timeZone})` };
  const turn = layerTurns(schedule, index, at, at + 1).find((t) => t.start <= at && at < t.end);
  const n = layer.participants.length;
  if (!turn) {
    return { turn: null, reason: `layer ${index + 1} (${layer.name}) is outside its restrictions at ${formatWall(wallOfInstant(at, schedule.timeZone))} (${schedule.timeZone})` };
  }
  const position = rotation.positionOf(turn.turn);
  return {
    turn,
    reason: `layer ${index + 1} (${layer.name}): ${layer.rotation} rotation${layer.rotation === 'custom' ? ` of ${layer.handoffHours}h` : ''}, turn of participant ${position + 1} of ${n}`,
  };
}
