import { Schedule, ScheduleOverride, instantOf } from './definition';
import { Turn, layerAt, layerTurns } from './layer-turns';
import { isoOf } from './zone-time';

/** What one layer would have had at the instant: the "why not them" of an answer. */
export interface LayerCandidate {
  layer: number;
  name: string;
  personId: string | null;
  /** The layer's own stretch (its rotation turn cut by its restrictions); null when the layer has nobody. */
  shiftStart: string | null;
  shiftEnd: string | null;
  reason: string;
}

export interface OnCall {
  at: string;
  personId: string | null;
  /** The layer that answered (1-based), `'override'`, or null when nobody is on call. */
  layer: number | 'override' | null;
  overrideId: string | null;
  /** The final shift the instant falls in (as `shifts` lists it); null when nobody is on call. */
  shiftStart: string | null;
  shiftEnd: string | null;
  reason: string;
  /** Every layer's candidate, layer 1 first. */
  layers: LayerCandidate[];
}

/** One stretch of the final schedule: one person, from one source. */
export interface Shift {
  personId: string;
  layer: number | 'override';
  overrideId: string | null;
  start: string;
  end: string;
}

export interface Gap {
  start: string;
  end: string;
}

interface Piece {
  personId: string;
  layer: number | 'override';
  overrideId: string | null;
  start: number;
  end: number;
  key: string;
}

interface Segment {
  piece: Piece | null;
  start: number;
  end: number;
}

const overridePiece = (o: ScheduleOverride): Piece => ({
  personId: o.personId,
  layer: 'override',
  overrideId: o.overrideId,
  start: instantOf(o.from)!,
  end: instantOf(o.to)!,
  key: `override:${o.overrideId}`,
});

const turnPiece = (t: Turn): Piece => ({ personId: t.personId, layer: t.layer, overrideId: null, start: t.start, end: t.end, key: t.key });

/** When the schedule stops answering: its retirement, else never. */
const endOf = (schedule: Schedule): number => (schedule.retiredAt ? instantOf(schedule.retiredAt)! : Number.POSITIVE_INFINITY);

/**
 * The final schedule over [from, to), as contiguous segments (nobody included). The override added
 * last wins over earlier ones and over every layer; among layers the higher-numbered one wins.
 * `withLayers: false` leaves the layers out, for a range an override covers whole: there they never
 * win, and an override may span centuries of hourly turns.
 */
function timeline(schedule: Schedule, from: number, to: number, withLayers = true): Segment[] {
  const until = Math.min(to, endOf(schedule));
  if (until <= from) return [{ piece: null, start: from, end: to }];
  const layers = withLayers ? schedule.layers.map((_, i) => layerTurns(schedule, i, from, until).map(turnPiece)) : [];
  const overrides = schedule.overrides.map(overridePiece).filter((p) => p.end > from && p.start < until);
  const points = new Set<number>([from, until]);
  for (const piece of [...layers.flat(), ...overrides]) {
    if (piece.start > from && piece.start < until) points.add(piece.start);
    if (piece.end > from && piece.end < until) points.add(piece.end);
  }
  const bounds = [...points].sort((a, b) => a - b);
  const cursors = layers.map(() => 0);
  const segments: Segment[] = [];
  for (let i = 0; i + 1 < bounds.length; i += 1) {
    const [start, end] = [bounds[i], bounds[i + 1]];
    let winner: Piece | null = null;
    for (let o = overrides.length - 1; o >= 0 && !winner; o -= 1) {
      if (overrides[o].start <= start && start < overrides[o].end) winner = overrides[o];
    }
    for (let l = layers.length - 1; l >= 0; l -= 1) {
      // Turns of a layer are sorted and disjoint: each cursor only moves forward.
      while (cursors[l] < layers[l].length && layers[l][cursors[l]].end <= start) cursors[l] += 1;
      const turn = layers[l][cursors[l]];
      if (!winner && turn && turn.start <= start) winner = turn;
    }
    const last = segments[segments.length - 1];
    if (last && last.piece?.key === winner?.key) last.end = end;
    else segments.push({ piece: winner, start, end });
  }
  if (until < to) segments.push({ piece: null, start: until, end: to });
  return segments;
}

/** The final segment holding the instant, with its true bounds (not cut by any range asked for). */
function segmentAt(schedule: Schedule, at: number, winner: Piece | null): Segment | null {
  if (!winner) return null;
  return timeline(schedule, winner.start, winner.end, winner.layer !== 'override').find((s) => s.start <= at && at < s.end) ?? null;
}

/**
 * Who is on call at an instant (past or future) and why, with what every layer would have had.
 * `at` is an ISO 8601 instant.
 */
export function onCallAt(schedule: Schedule, at: string): OnCall {
  const t = instantOf(at);
  if (t === undefined) throw new RangeError(`"${at}" is not an ISO 8601 instant`);
  const layers = schedule.layers.map((layer, i) => ({ layer, answer: layerAt(schedule, i, t) }));
  const candidates: LayerCandidate[] = layers.map(({ layer, answer }, i) => ({
    layer: i + 1,
    name: layer.name,
    personId: answer.turn?.personId ?? null,
    shiftStart: answer.turn ? isoOf(answer.turn.start) : null,
    shiftEnd: answer.turn ? isoOf(answer.turn.end) : null,
    reason: answer.reason,
  }));
  const base = { at: isoOf(t), layers: candidates };
  const nobody = (reason: string): OnCall => ({ ...base, personId: null, layer: null, overrideId: null, shiftStart: null, shiftEnd: null, reason });

  if (t >= endOf(schedule)) return nobody(`the schedule was retired at ${schedule.retiredAt}`);
  const override = [...schedule.overrides].reverse().find((o) => instantOf(o.from)! <= t && t < instantOf(o.to)!);
  const top = [...layers].reverse().find(({ answer }) => answer.turn !== null);
  const winner = override ? overridePiece(override) : top ? turnPiece(top.answer.turn!) : null;
  if (!winner) return nobody(`nobody is on call: ${candidates.map((c) => c.reason).join('; ')}`);
  const segment = segmentAt(schedule, t, winner)!;
  const reason = override
    ? `override ${override.overrideId}: ${override.personId} covers ${override.from} to ${override.to}, over every layer`
    : `${top!.answer.reason}${top!.answer.turn!.layer < schedule.layers.length ? ' (higher layers have nobody then)' : ''}`;
  return {
    ...base,
    personId: winner.personId,
    layer: winner.layer,
    overrideId: winner.overrideId,
    shiftStart: isoOf(segment.start),
    shiftEnd: isoOf(segment.end),
    reason,
  };
}

/**
 * The final schedule between two ISO 8601 instants: who is on call when, in order, and the gaps
 * where nobody is. A shift that began before `from` or ends after `to` keeps its true bounds.
 */
export function coverage(schedule: Schedule, from: string, to: string): { shifts: Shift[]; gaps: Gap[] } {
  const [f, t] = [instantOf(from), instantOf(to)];
  if (f === undefined || t === undefined || t <= f) throw new RangeError('from and to must be ISO 8601 instants, to after from');
  const segments = timeline(schedule, f, t);
  const shifts: Shift[] = [];
  const gaps: Gap[] = [];
  segments.forEach((segment, i) => {
    if (!segment.piece) {
      gaps.push({ start: isoOf(segment.start), end: isoOf(segment.end) });
      return;
    }
    const edge = i === 0 || i === segments.length - 1;
    const whole = edge ? (segmentAt(schedule, segment.start, segment.piece) ?? segment) : segment;
    const [start, end] = [Math.min(whole.start, segment.start), Math.max(whole.end, segment.end)];
    shifts.push({ personId: segment.piece.personId, layer: segment.piece.layer, overrideId: segment.piece.overrideId, start: isoOf(start), end: isoOf(end) });
  });
  return { shifts, gaps };
}

/** The final shifts between two ISO 8601 instants, in order (the gaps left out). */
export const shifts = (schedule: Schedule, from: string, to: string): Shift[] => coverage(schedule, from, to).shifts;
