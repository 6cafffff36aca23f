import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Position, RecordedEvent } from '@linchpin/eventsourcing';
import { ReadModel, ReadModelDb, ReadModelStore } from './read-model.port';

/**
 * The read-model store in a SQLite file of its own (REVIEW_READ_MODELS_PATH), whatever the event store is. Writes take
 * the lock at once (BEGIN IMMEDIATE) and read the checkpoint inside it, so a CLI rebuild and a running service sharing
 * the file never apply an event twice. `synchronous=NORMAL`: a crash may lose the last commits, checkpoint included, and
 * they are simply applied again.
 */
export class SqliteReadModelStore implements ReadModelStore {
  private readonly db: Database.Database;
  private readonly view: ReadModelDb;

  constructor(path: string) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec('CREATE TABLE IF NOT EXISTS read_model_checkpoints (name TEXT PRIMARY KEY, position INTEGER NOT NULL)');
    this.view = {
      run: (sql, ...params) => void this.db.prepare(sql).run(...params),
      all: <T>(sql: string, ...params: unknown[]) => this.db.prepare(sql).all(...params) as T[],
    };
  }

  ensure(model: ReadModel): void {
    this.db.transaction(() => model.schema.forEach((statement) => this.db.exec(statement))).immediate();
  }

  checkpoint(name: string): Position | undefined {
    const row = this.db.prepare('SELECT position FROM read_model_checkpoints WHERE name = ?').get(name) as { position: number } | undefined;
    return row?.position;
  }

  applyInOrder(model: ReadModel, events: readonly RecordedEvent[]): number {
    return this.db
      .transaction(() => {
        const after = this.checkpoint(model.name) ?? -Infinity;
        const fresh = events.filter((event) => event.position > after);
        for (const event of fresh) model.apply(this.view, event);
        if (fresh.length > 0) {
          this.db.prepare('INSERT INTO read_model_checkpoints (name, position) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET position = excluded.position').run(model.name, fresh[fresh.length - 1].position);
        }
        return fresh.length;
      })
      .immediate();
  }

  reset(model: ReadModel): void {
    this.db
      .transaction(() => {
        for (const table of model.tables) this.db.exec(`DROP TABLE IF EXISTS "${table}"`);
        this.db.prepare('DELETE FROM read_model_checkpoints WHERE name = ?').run(model.name);
        model.schema.forEach((statement) => this.db.exec(statement));
      })
      .immediate();
  }

  read<T>(query: (db: ReadModelDb) => T): T {
    return query(this.view);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
