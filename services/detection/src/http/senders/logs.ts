import { LOG_LEVELS, LogLevel, LogLine } from '../../domain/log-line';
import { isJsonObject, JsonObject, toUtcIso } from './payload-fields';

const MESSAGE_KEYS = ['message', 'msg', 'log'];
const LEVEL_KEYS = ['level', 'severity', 'lvl'];
const TIME_KEYS = ['timestamp', 'time', 'ts', '@timestamp'];

const LEVEL_WORDS: Record<string, LogLevel> = {
  trace: 'trace', trc: 'trace', verbose: 'trace',
  debug: 'debug', dbg: 'debug',
  info: 'info', inf: 'info', information: 'info', informational: 'info', notice: 'info',
  warn: 'warn', warning: 'warn', wrn: 'warn',
  error: 'error', err: 'error', eror: 'error',
  fatal: 'fatal', crit: 'fatal', critical: 'fatal', alert: 'fatal', emerg: 'fatal', emergency: 'fatal', panic: 'fatal',
};

/** Syslog's numeric severities, 0 (emergency) to 7 (debug). */
const SYSLOG_LEVELS: readonly LogLevel[] = ['fatal', 'fatal', 'fatal', 'error', 'warn', 'info', 'info', 'debug'];

/**
 * A log shipper's batch as lines. Accepted: a JSON array of objects (or strings), one JSON object,
 * NDJSON (one object per line), and plain text lines. `text/*` content is always plain text;
 * otherwise a line that is not a JSON object is read as plain text too, so one odd line does not
 * refuse the batch. `body` is the raw text, or what the HTTP layer already parsed as JSON.
 */
export function splitLogLines(body: string | unknown, contentType?: string): { lines: LogLine[] } {
  if (typeof body !== 'string') return { lines: fromJsonValue(body) };
  if (/^\s*text\//i.test(contentType ?? '')) return { lines: textLines(body).map(plainLine) };
  // One JSON document (an array, or an object even pretty-printed over lines) before NDJSON.
  const whole = body.trim();
  if (whole.startsWith('[') || whole.startsWith('{')) {
    const value = tryJson(whole);
    if (Array.isArray(value) || isJsonObject(value)) return { lines: fromJsonValue(value) };
  }
  return {
    lines: textLines(body).map((line) => {
      const value = line.trimStart().startsWith('{') ? tryJson(line) : undefined;
      return isJsonObject(value) ? jsonLine(value) : plainLine(line);
    }),
  };
}

/**
 * Why a body already parsed as JSON holds no batch, or undefined when it does: lines are a JSON
 * array (of objects or strings), one object, or a string of text lines; a number, a boolean or
 * null is none of them (a shipper sending one is misconfigured, and should hear it).
 */
export function jsonBatchProblem(body: unknown): string | undefined {
  return typeof body === 'string' || Array.isArray(body) || isJsonObject(body) ? undefined : 'a JSON body is an array of log lines, one object, or a string of lines';
}

function fromJsonValue(value: unknown): LogLine[] {
  const items = Array.isArray(value) ? value : [value];
  return items.flatMap((item): LogLine[] => {
    if (isJsonObject(item)) return [jsonLine(item)];
    if (typeof item === 'string') return textLines(item).map(plainLine);
    return [];
  });
}

const textLines = (text: string): string[] => text.split(/\r?\n/).filter((line) => line.trim() !== '');

function tryJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function jsonLine(object: JsonObject): LogLine {
  const fields: Record<string, unknown> = { ...object };
  const take = (keys: readonly string[]): unknown => {
    const key = keys.find((candidate) => object[candidate] !== undefined && object[candidate] !== null);
    if (key === undefined) return undefined;
    delete fields[key];
    return object[key];
  };
  const message = take(MESSAGE_KEYS);
  const level = levelOf(take(LEVEL_KEYS));
  const at = timeOf(take(TIME_KEYS));
  return {
    // Without a message field the whole object is the text, so a rule's pattern still sees it.
    message: typeof message === 'string' ? message : JSON.stringify(message === undefined ? object : message),
    ...(level !== undefined ? { level } : {}),
    ...(at !== undefined ? { at } : {}),
    fields,
  };
}

/** `2024-05-01T10:00:00Z ERROR db down`, `[WARN] slow`, `error: boom`: an optional time, then a level word. */
const PLAIN_PREFIX = /^\s*(?:(\d{4}-\d{2}-\d{2}[T ][\d:.,]+(?:Z|[+-]\d{2}:?\d{2})?)\s+)?[[(<]?([A-Za-z]+)[\])>]?[:|]?(?:\s|$)/;

function plainLine(line: string): LogLine {
  const text = line.trimEnd();
  const match = PLAIN_PREFIX.exec(text);
  const level = match ? LEVEL_WORDS[match[2].toLowerCase()] : undefined;
  const at = match?.[1] !== undefined ? toUtcIso(match[1]) : undefined;
  return { message: text, ...(level !== undefined ? { level } : {}), ...(at !== undefined ? { at } : {}), fields: {} };
}

/** Words, pino's numbers (10 trace ... 60 fatal) and syslog's (0 emergency ... 7 debug). */
export function levelOf(value: unknown): LogLevel | undefined {
  if (typeof value === 'string') {
    const word = value.trim().toLowerCase();
    return LEVEL_WORDS[word] ?? (/^\d+$/.test(word) ? levelOf(Number(word)) : undefined);
  }
  if (typeof value !== 'number' || !Number.isInteger(value)) return undefined;
  if (value >= 0 && value <= 7) return SYSLOG_LEVELS[value];
  if (value >= 10) return LOG_LEVELS[Math.min(Math.floor(value / 10), 6) - 1];
  return undefined;
}

/**
 * ISO text, or epoch numbers in seconds, milliseconds, microseconds or nanoseconds (told apart
 * by size: shippers use all four).
 */
function timeOf(value: unknown): string | undefined {
  if (typeof value === 'string') {
    const iso = toUtcIso(value);
    if (iso !== undefined || !/^\d+(\.\d+)?$/.test(value.trim())) return iso;
    return timeOf(Number(value));
  }
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) return undefined;
  const ms = value < 1e11 ? value * 1000 : value < 1e14 ? value : value < 1e17 ? value / 1e3 : value / 1e6;
  const date = new Date(Math.floor(ms));
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}
