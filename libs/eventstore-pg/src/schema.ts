/**
 * The tables of one store, all in its own schema (a service's, shared by its replicas). Created when
 * missing, under a transaction-level advisory lock (`migrationLockKey`): two replicas starting at
 * once would otherwise race on `CREATE SCHEMA IF NOT EXISTS`, which is not safe against itself.
 */

/** A plain, unquoted PostgreSQL identifier: lower case, digits and `_`, at most 63 bytes. */
export const PLAIN_IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

export function assertPlainIdentifier(value: string, what: string): void {
  if (!PLAIN_IDENTIFIER.test(value)) {
    throw new Error(`${what} must be a plain PostgreSQL identifier (a-z, 0-9 and _, not starting with a digit, at most 63 characters): got '${value}'`);
  }
}

/**
 * - `position`: bigserial. Values are taken in the order appends take the append lock, so they also
 *   commit in that order (README.md, "Global order"); a rolled-back append leaves a gap.
 * - `stream_name` is `COLLATE "C"`: byte order, so `LIKE 'prefix%'` is a range scan of the
 *   (stream_name, revision) index, which also serves readStream and the last-revision lookup.
 * - `category` (the stream name up to its first `-`, empty without one) is indexed with the position:
 *   following a few categories (relays, projections) reads only their rows, in log order.
 * - `data` and `metadata` are the JSON text as appended (as in SQLite): jsonb would reorder keys and
 *   refuse `\u0000`, and nothing queries into them.
 */
export const schemaDdl = (schema: string): string => `
CREATE SCHEMA IF NOT EXISTS ${schema};
CREATE TABLE IF NOT EXISTS ${schema}.events (
  position       bigserial   PRIMARY KEY,
  id             text        NOT NULL UNIQUE,
  stream_name    text        COLLATE "C" NOT NULL,
  category       text        COLLATE "C" NOT NULL GENERATED ALWAYS AS (
                   CASE WHEN strpos(stream_name, '-') > 0 THEN left(stream_name, strpos(stream_name, '-') - 1) ELSE '' END
                 ) STORED,
  revision       integer     NOT NULL,
  type           text        NOT NULL,
  schema_version integer     NOT NULL,
  data           text        NOT NULL,
  metadata       text        NOT NULL,
  recorded_at    timestamptz NOT NULL DEFAULT now(),
  UNIQUE (stream_name, revision)
);
CREATE INDEX IF NOT EXISTS events_by_category ON ${schema}.events (category, position);
CREATE TABLE IF NOT EXISTS ${schema}.checkpoints (
  name     text   PRIMARY KEY,
  position bigint NOT NULL
);
`;
