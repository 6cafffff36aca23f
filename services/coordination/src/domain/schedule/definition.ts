/**
 * What a schedule is: an IANA time zone and ordered layers of rotations, plus overrides. Everything
 * here is local wall-clock time in the schedule's zone except the overrides, which are instants.
 */

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export const ROTATIONS = ['daily', 'weekly', 'custom'] as const;
export type RotationType = (typeof ROTATIONS)[number];

/** `HH:MM`, 00:00 to 23:59. */
export const CLOCK_TIME_PATTERN = /^([01]\d|2[0-3]):[0-5]\d$/;
/** A restriction's end may also be 24:00 (the end of the day). */
export const END_TIME_PATTERN = /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/;
/** A local date-time without zone or offset: `2026-03-02T09:00`. */
export const LOCAL_DATE_TIME_PATTERN = /^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d$/;

export const MAX_LAYERS = 10;
export const MAX_PARTICIPANTS = 100;
export const MAX_RESTRICTIONS = 14;
/** A custom hand-off length: one hour to one year. */
export const MAX_HANDOFF_HOURS = 24 * 366;

/** A window a layer is on call in, local time: it starts on each listed day; an end not after the start runs overnight. */
export interface Restriction {
  days: Weekday[];
  start: string;
  end: string;
}

export interface ScheduleLayer {
  name: string;
  /** Person ids, in rotation order: the first takes the first turn at `start`. */
  participants: string[];
  rotation: RotationType;
  /** Hours between hand-offs, for a `custom` rotation only. */
  handoffHours?: number;
  /** Local date-time of the first hand-off, in the schedule's zone: the layer is empty before it. */
  start: string;
  /** Local time of every later hand-off; a weekly rotation hands off on `start`'s weekday. */
  handoffTime: string;
  /** Empty: the layer is on call all the time. */
  restrictions: Restriction[];
}

export interface ScheduleDefinition {
  name: string;
  timeZone: string;
  /** Layer 1 first; where layers overlap the higher-numbered one wins. */
  layers: ScheduleLayer[];
}

/** A person covers [from, to) (ISO 8601 instants), over every layer. */
export interface ScheduleOverride {
  overrideId: string;
  personId: string;
  from: string;
  to: string;
}

/** What the evaluation needs: the definition, its overrides (in the order added) and when it was retired, if it was. */
export interface Schedule extends ScheduleDefinition {
  overrides: ScheduleOverride[];
  retiredAt?: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * An IANA zone name the runtime knows. The shape check keeps out UTC offsets ("+01:00"), which
 * ignore daylight saving, the reason to name a zone at all.
 */
export const isTimeZone = (zone: string): boolean => {
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]{0,63}$/.test(zone)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

/** A local date-time as "wall milliseconds": its fields read as if they were UTC. Undefined when not a real date-time. */
export const wallOf = (local: string): number | undefined => {
  if (!LOCAL_DATE_TIME_PATTERN.test(local)) return undefined;
  const [y, mo, d, h, mi] = local.split(/[-T:]/).map(Number);
  const wall = Date.UTC(y, mo - 1, d, h, mi);
  const back = new Date(wall);
  return back.getUTCFullYear() === y && back.getUTCMonth() === mo - 1 && back.getUTCDate() === d ? wall : undefined;
};

/** Minutes after midnight of `HH:MM` (24:00 is 1440). */
export const minutesOf = (time: string): number => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

/** An ISO 8601 instant with an explicit zone (`Z` or an offset); undefined otherwise. */
export const instantOf = (iso: string): number | undefined => {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i.test(iso)) return undefined;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? undefined : ms;
};

export const periodHoursOf = (layer: Pick<ScheduleLayer, 'rotation' | 'handoffHours'>): number =>
  layer.rotation === 'daily' ? 24 : layer.rotation === 'weekly' ? 7 * 24 : (layer.handoffHours ?? 0);

export interface DefinitionProblem {
  /** Dotted path, as the HTTP body names it: `layers.1.restrictions.0.end`. */
  field: string;
  reason: string;
}

/** Everything wrong with a definition, each naming its field; empty when it is sound. The HTTP layer checks the same first. */
export function definitionProblems(definition: ScheduleDefinition): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  const problem = (field: string, reason: string) => problems.push({ field, reason });
  if (!definition.name.trim()) problem('name', 'name must not be blank');
  if (!isTimeZone(definition.timeZone)) problem('timeZone', `"${definition.timeZone}" is not an IANA time zone such as Europe/Berlin`);
  if (definition.layers.length === 0) problem('layers', 'a schedule needs at least one layer');
  if (definition.layers.length > MAX_LAYERS) problem('layers', `a schedule has at most ${MAX_LAYERS} layers`);
  definition.layers.forEach((layer, i) => {
    const at = `layers.${i}`;
    if (layer.participants.length === 0) problem(`${at}.participants`, 'a layer needs at least one participant');
    if (layer.participants.length > MAX_PARTICIPANTS) problem(`${at}.participants`, `a layer has at most ${MAX_PARTICIPANTS} participants`);
    if (layer.participants.some((p) => !UUID.test(p))) problem(`${at}.participants`, 'participants are person ids (UUIDs)');
    if (!ROTATIONS.includes(layer.rotation)) problem(`${at}.rotation`, `rotation must be one of ${ROTATIONS.join(', ')}`);
    if (layer.rotation === 'custom') {
      const hours = layer.handoffHours;
      if (hours === undefined || !Number.isInteger(hours) || hours < 1 || hours > MAX_HANDOFF_HOURS) {
        problem(`${at}.handoffHours`, `a custom rotation needs handoffHours, a whole number from 1 to ${MAX_HANDOFF_HOURS}`);
      }
    } else if (layer.handoffHours !== undefined) {
      problem(`${at}.handoffHours`, 'handoffHours is only for a custom rotation');
    }
    if (wallOf(layer.start) === undefined) problem(`${at}.start`, 'start must be a local date-time YYYY-MM-DDTHH:MM');
    if (!CLOCK_TIME_PATTERN.test(layer.handoffTime)) problem(`${at}.handoffTime`, 'handoffTime must be HH:MM between 00:00 and 23:59');
    if (layer.restrictions.length > MAX_RESTRICTIONS) problem(`${at}.restrictions`, `a layer has at most ${MAX_RESTRICTIONS} restrictions`);
    layer.restrictions.forEach((r, j) => {
      const rat = `${at}.restrictions.${j}`;
      if (r.days.length === 0 || r.days.some((d) => !WEEKDAYS.includes(d))) problem(`${rat}.days`, `days must be among ${WEEKDAYS.join(', ')}`);
      if (!CLOCK_TIME_PATTERN.test(r.start)) problem(`${rat}.start`, 'start must be HH:MM between 00:00 and 23:59');
      if (!END_TIME_PATTERN.test(r.end)) problem(`${rat}.end`, 'end must be HH:MM (or 24:00)');
      else if (r.end === r.start) problem(`${rat}.end`, 'end must differ from start (00:00–24:00 is a whole day)');
    });
  });
  return problems;
}

/** One spelling per definition, so "nothing changed" is a plain comparison. */
export const normalizeDefinition = (definition: ScheduleDefinition): ScheduleDefinition => ({
  name: definition.name.trim(),
  timeZone: definition.timeZone,
  layers: definition.layers.map((layer, i) => ({
    name: layer.name.trim() || `Layer ${i + 1}`,
    participants: layer.participants.map((p) => p.toLowerCase()),
    rotation: layer.rotation,
    ...(layer.rotation === 'custom' ? { handoffHours: layer.handoffHours } : {}),
    start: layer.start,
    handoffTime: layer.handoffTime,
    restrictions: layer.restrictions.map((r) => ({ days: WEEKDAYS.filter((d) => r.days.includes(d)), start: r.start, end: r.end })),
  })),
});
