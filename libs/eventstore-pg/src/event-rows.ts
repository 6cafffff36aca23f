import { LogFilter, RecordedEvent } from '@linchpin/eventsourcing';

export const EVENT_COLUMNS = 'position, id, stream_name, revision, type, schema_version, data, metadata, recorded_at';

export interface EventRow {
  /** bigint: node-postgres answers it as text. */
  position: string;
  id: string;
  stream_name: string;
  revision: number;
  type: string;
  schema_version: number;
  data: string;
  metadata: string;
  recorded_at: Date;
}

/** Fields in the order every store's events have them, so JSON.stringify writes the same text. */
export const toRecorded = (row: EventRow): RecordedEvent => ({
  id: row.id,
  type: row.type,
  schemaVersion: row.schema_version,
  data: JSON.parse(row.data) as unknown,
  metadata: JSON.parse(row.metadata) as RecordedEvent['metadata'],
  streamId: row.stream_name,
  revision: row.revision,
  position: Number(row.position),
  recordedAt: row.recorded_at.toISOString(),
});

/** `LIKE` treats `%`, `_` and the escape character as patterns: a prefix matches only itself. */
export const likePrefix = (prefix: string): string => `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** A whole category (`alert-`) goes through the category index; any other prefix through `LIKE`. */
const categoryOf = (prefix: string): string | undefined => /^([^-]+)-$/.exec(prefix)?.[1];

export interface LogQuery {
  text: string;
  values: unknown[];
}

/**
 * The filtered log after a position, in order, at most `limit` events. Each prefix is its own
 * subquery, ordered and limited by an index (category, position) or a range of (stream_name, …),
 * and the union of those small pages is merged: a page costs about `limit` rows per prefix
 * whatever the size of the log, where one `OR` of every prefix would read all matching rows.
 * `UNION` (not `ALL`): two overlapping prefixes (`alert`, `alert-`) must not answer an event twice.
 * Undefined when the filter keeps nothing.
 */
export function readAllQuery(table: string, after: number, filter: LogFilter | undefined, limit: number | undefined): LogQuery | undefined {
  const prefixes = filter?.streamPrefixes;
  const values: unknown[] = [after, limit ?? null];
  if (!prefixes) {
    return { text: `SELECT ${EVENT_COLUMNS} FROM ${table} WHERE position > $1 ORDER BY position LIMIT $2`, values };
  }
  if (prefixes.length === 0) return undefined;
  const parts = [...new Set(prefixes)].map((prefix) => {
    const category = categoryOf(prefix);
    values.push(category ?? likePrefix(prefix));
    const where = category !== undefined ? `category = $${values.length}` : `stream_name LIKE $${values.length}`;
    return `(SELECT ${EVENT_COLUMNS} FROM ${table} WHERE ${where} AND position > $1 ORDER BY position LIMIT $2)`;
  });
  const text = parts.length === 1 ? parts[0] : `SELECT * FROM (${parts.join(' UNION ')}) AS page ORDER BY position LIMIT $2`;
  return { text, values };
}

/** How many events the same filter keeps after the position (no limit). Undefined when it keeps nothing. */
export function countQuery(table: string, after: number, filter: LogFilter | undefined): LogQuery | undefined {
  const prefixes = filter?.streamPrefixes;
  if (!prefixes) return { text: `SELECT count(*)::float8 AS count FROM ${table} WHERE position > $1`, values: [after] };
  if (prefixes.length === 0) return undefined;
  const categories = prefixes.map(categoryOf).filter((c): c is string => c !== undefined);
  const patterns = prefixes.filter((p) => categoryOf(p) === undefined).map(likePrefix);
  return {
    text: `SELECT count(*)::float8 AS count FROM ${table} WHERE position > $1 AND (category = ANY($2::text[]) OR stream_name LIKE ANY($3::text[]))`,
    values: [after, categories, patterns],
  };
}
