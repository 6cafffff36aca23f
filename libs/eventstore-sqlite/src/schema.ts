/**
 * `category` (the stream name up to its first `-`) is indexed with the position, so a relay or
 * a projection that follows a few categories reads only their rows: a prefix test on every row
 * made each poll of a quiet category scan the whole log.
 *
 * `position` is the rowid (INTEGER PRIMARY KEY without AUTOINCREMENT): rows are never deleted
 * and a rolled-back insert reuses its number, so the log has no gaps.
 */
export const SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  position       INTEGER PRIMARY KEY,
  id             TEXT    NOT NULL UNIQUE,
  stream         TEXT    NOT NULL,
  category       TEXT    NOT NULL,
  revision       INTEGER NOT NULL,
  type           TEXT    NOT NULL,
  schema_version INTEGER NOT NULL,
  data           TEXT    NOT NULL,
  metadata       TEXT    NOT NULL,
  recorded_at    TEXT    NOT NULL,
  UNIQUE (stream, revision)
);
CREATE INDEX IF NOT EXISTS events_by_category ON events (category, position);
CREATE TABLE IF NOT EXISTS checkpoints (
  name     TEXT    PRIMARY KEY,
  position INTEGER NOT NULL
);
`;
