import type { SenderError } from './parse-result';

/** Readers for fields of a JSON payload of unknown shape; each reports what it refuses into `errors`. */

export type JsonObject = Record<string, unknown>;

export const isJsonObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export const nonBlank = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value : undefined;

/** A map of string values (labels, annotations); absent or null is empty. */
export function readStringMap(value: unknown, field: string, errors: SenderError[]): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (!isJsonObject(value)) {
    errors.push({ field, reason: 'must be an object of string values' });
    return {};
  }
  const map: Record<string, string> = {};
  for (const [key, entry] of Object.entries(value)) {
    if (typeof entry === 'string') map[key] = entry;
    else errors.push({ field: `${field}.${key}`, reason: 'must be a string' });
  }
  return map;
}

/** An optional string field: absent, null or empty is undefined; another type is an error. */
export function readOptionalString(value: unknown, field: string, errors: SenderError[]): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'string') return value;
  errors.push({ field, reason: 'must be a string' });
  return undefined;
}

const ISO_8601 = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?)(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;

/**
 * An ISO 8601 time as UTC `toISOString()`, or undefined when it is not one. Offsets without a
 * colon (`+0000`, PagerDuty's own example) are accepted; a time without a zone is read as UTC,
 * never as the server's local time.
 */
export function toUtcIso(value: string): string | undefined {
  const match = ISO_8601.exec(value.trim());
  if (!match) return undefined;
  const [, date, time, zone] = match;
  let text = date;
  if (time !== undefined) {
    const offset = zone === undefined || zone.toUpperCase() === 'Z' ? 'Z' : normaliseOffset(zone);
    text = `${date}T${time.replace(',', '.')}${offset}`;
  }
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

const normaliseOffset = (zone: string): string => {
  const digits = zone.slice(1).replace(':', '');
  return `${zone[0]}${digits.slice(0, 2)}:${digits.slice(2, 4) || '00'}`;
};

/** Go's zero `time.Time`: what Alertmanager and Grafana send as `endsAt` for an alert still firing. */
const GO_ZERO_TIME = '0001-01-01T00:00:00.000Z';

/** An optional sender time: absent, empty or Go's zero time is undefined; an unreadable one is an error. */
export function readSenderTime(value: unknown, field: string, errors: SenderError[]): string | undefined {
  const text = readOptionalString(value, field, errors);
  if (text === undefined) return undefined;
  const iso = toUtcIso(text);
  if (iso === undefined) {
    errors.push({ field, reason: 'must be an ISO 8601 / RFC 3339 time' });
    return undefined;
  }
  return iso === GO_ZERO_TIME ? undefined : iso;
}

/** The first non-blank line, trimmed and cut to `max` characters (an ellipsis marks the cut). */
export function firstLine(text: string, max: number): string {
  const line = text.split(/\r?\n/).map((candidate) => candidate.trim()).find((candidate) => candidate !== '') ?? '';
  return line.length <= max ? line : `${line.slice(0, max - 1)}…`;
}
