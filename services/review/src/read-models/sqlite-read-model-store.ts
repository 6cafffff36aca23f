import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Position } from '@linchpin/eventsourcing';
import { ReadModel, ReadModelDb, ReadModelPage, ReadModelStore } from './read-model.port';

const SAVE_CHECKPOINT =
  'INSERT INTO read_model_checkpoints (name, version, position) VALUES (?, ?, ?) ON CONFLICT(name) DO UPDATE SET version = excluded.version, position = excluded.position';
const MAX_STATEMENTS = 200;

/**
 * The read-model store in a SQLite file of its own (REVIEW_READ_MODELS_PATH), whatever the event store is. Writes take
 * the lock at once (BEGIN IMMEDIATE) and read the checkpoint inside it, so a CLI rebuild and a running service sharing
 * the file never apply an event twice. `synchronous=NORMAL`: a crash may lose the last commits, checkpoint included, and
 * they are simply applied again.
 */
export class SqliteReadModelStore implements ReadModelStore {
  private readonly db: Database.Database;
  private readonly view: ReadModelDb;
  private readonly statements = new Map<string, Database.Statement>();
  private readonly applyTransaction: Database.Transaction<(model: ReadModel, page: ReadModelPage) => { applied: number; stale: boolean }>;

  constructor(path: string) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 5000');
    // position null: the model's tables exist, no event applied yet.
    this.db.exec('CREATE TABLE IF NOT EXISTS read_model_checkpoints (name TEXT PRIMARY KEY, version INTEGER NOT NULL, position INTEGER)');
    this.view = {
      run: (sql, ...params) => void this.statement(sql).run(...params),
      all: <T>(sql: string, ...params: unknown[]) => this.statement(sql).all(...params) as T[],
    };
    this.applyTransaction = this.db.transaction((model: ReadModel, page: ReadModelPage) => this.applyPage(model, page));
  }

  ensure(model: ReadModel): void {
    this.db
      .transaction(() => {
        const kept = this.db.prepare('SELECT version FROM read_model_checkpoints WHERE name = ?').get(model.name) as { version: number } | undefined;
        if (kept && kept.version !== model.version) this.drop(model);
        model.schema.forEach((statement) => this.db.exec(statement));
        this.db.prepare('INSERT OR IGNORE INTO read_model_checkpoints (name, version, position) VALUES (?, ?, NULL)').run(model.name, model.version);
      })
      .immediate();
  }

  checkpoint(name: string): Position | undefined {
    const row = this.statement('SELECT position FROM read_model_checkpoints WHERE name = ?').get(name) as { position: number | null } | undefined;
    return row?.position ?? undefined;
  }

  applyInOrder(model: ReadModel, page: ReadModelPage): { applied: number; stale: boolean } {
    return this.applyTransaction.immediate(model, page);
  }

  private applyPage(model: ReadModel, { after: readAfter, events, endOfLog }: ReadModelPage): { applied: number; stale: boolean } {
    const after = this.checkpoint(model.name) ?? -Infinity;
    if (after < (readAfter ?? -Infinity)) return { applied: 0, stale: true };
    let applied = 0;
    let last: Position | undefined;
    for (const event of events) {
      if (event.position <= after) continue;
      model.apply(this.view, event);
      applied++;
      last = event.position;
    }
    if (last !== undefined) this.statement(SAVE_CHECKPOINT).run(model.name, model.version, last);
    if (endOfLog) model.afterCatchUp?.(this.view);
    return { applied, stale: false };
  }

  /** The prepared statement of `sql`, prepared once: preparing it again for every row cost more than running it. */
  private statement(sql: string): Database.Statement {
    let prepared = this.statements.get(sql);
    if (!prepared) {
      // A model building its SQL from values (it should bind them) would otherwise grow this without end.
      if (this.statements.size >= MAX_STATEMENTS) this.statements.clear();
      prepared = this.db.prepare(sql);
      this.statements.set(sql, prepared);
    }
    return prepared;
  }

  reset(model: ReadModel): void {
    this.db
      .transaction(() => {
        this.drop(model);
        this.ensure(model);
      })
      .immediate();
  }

  private drop(model: ReadModel): void {
    this.statements.clear();
    for (const table of model.tables) this.db.exec(`DROP TABLE IF EXISTS "${table}"`);
    this.db.prepare('DELETE FROM read_model_checkpoints WHERE name = ?').run(model.name);
  }

  read<T>(query: (db: ReadModelDb) => T): T {
    return query(this.view);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
