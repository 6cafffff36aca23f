/** Log levels, least to most severe; a rule's `level` matches that level and the ones after it. */
export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** One line of a shipper's batch, as `http/senders/logs.ts` read it: what log rules are matched against. */
export interface LogLine {
  message: string;
  level?: LogLevel;
  /** The line's own time (ISO 8601 UTC), when it says one. */
  at?: string;
  /** The JSON line's other fields, as given (empty for plain text). */
  fields: Record<string, unknown>;
}
