import Database from 'better-sqlite3';

/** Where a store's log stood at one moment, read from its file. */
export interface StoreMark {
  /** The last position written (the rowid; the log is gap-free). */
  lastPosition: number;
  /** page_count × page_size as a reader sees the database, committed WAL frames included. */
  databaseBytes: number;
}

/** What a store gained between two marks. */
export interface StoreGrowth {
  /** Events stored after the first mark. */
  events: number;
  /** Bytes of their data + metadata JSON (UTF-8), what the counters call bytes written. */
  eventBytes: number;
  /** Growth of the database itself: rows, both indexes, page slack; not the -wal file, which is reused after each checkpoint. */
  databaseBytes: number;
}

/**
 * Reads a live store's file with its own read-only connection (WAL lets a reader look while the
 * process writes). The database size is taken from SQLite, not from the file: the main file only
 * grows when a checkpoint copies the WAL into it, and the -wal file is recycled, so file sizes
 * would show when checkpoints ran rather than what was stored.
 */
function withStore<T>(path: string, read: (db: Database.Database) => T): T {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

const databaseBytesOf = (db: Database.Database): number =>
  (db.pragma('page_count', { simple: true }) as number) * (db.pragma('page_size', { simple: true }) as number);

export function markStore(path: string): StoreMark {
  return withStore(path, (db) =>
    db.transaction(() => ({
      lastPosition: (db.prepare('SELECT coalesce(max(position), 0) AS last FROM events').get() as { last: number }).last,
      databaseBytes: databaseBytesOf(db),
    }))(),
  );
}

export function growthSince(path: string, mark: StoreMark): StoreGrowth {
  return withStore(path, (db) =>
    db.transaction(() => {
      const row = db
        .prepare(
          `SELECT count(*) AS events,
                  coalesce(sum(length(CAST(data AS BLOB)) + length(CAST(metadata AS BLOB))), 0) AS bytes
             FROM events WHERE position > ?`,
        )
        .get(mark.lastPosition) as { events: number; bytes: number };
      return { events: row.events, eventBytes: row.bytes, databaseBytes: databaseBytesOf(db) - mark.databaseBytes };
    })(),
  );
}
