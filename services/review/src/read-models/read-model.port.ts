import { Position, RecordedEvent } from '@linchpin/eventsourcing';

/** What a read model's `apply` and a query see of the read-model database: plain SQL with bound parameters. */
export interface ReadModelDb {
  run(sql: string, ...params: unknown[]): void;
  all<T>(sql: string, ...params: unknown[]): T[];
}

/**
 * A persisted read model (docs: review README "Read models"): its tables, created by `schema`, are folded from
 * review's own events only (`streamPrefixes` of review's store, in log order). `rebuild` drops `tables` and replays.
 */
export interface ReadModel {
  readonly name: string;
  readonly streamPrefixes: readonly string[];
  /** Every table it owns (dropped by a rebuild). */
  readonly tables: readonly string[];
  /** `CREATE TABLE IF NOT EXISTS …` and index statements. */
  readonly schema: readonly string[];
  apply(db: ReadModelDb, event: RecordedEvent): void;
}

/** The port: where read models live, each with its checkpoint (the last global position it applied). */
export interface ReadModelStore {
  /** Creates the model's tables when missing. */
  ensure(model: ReadModel): void;
  checkpoint(name: string): Position | undefined;
  /**
   * Applies the events beyond the model's checkpoint and moves the checkpoint to the last, all in one transaction:
   * a crash keeps both or neither, so an event is never lost nor applied twice. Answers how many it applied.
   */
  applyInOrder(model: ReadModel, events: readonly RecordedEvent[]): number;
  /** Drops the model's tables and checkpoint, then creates the tables again, empty. */
  reset(model: ReadModel): void;
  read<T>(query: (db: ReadModelDb) => T): T;
  close(): void;
}

export const READ_MODEL_STORE = 'linchpin:review:read-model-store';
export const READ_MODELS = 'linchpin:review:read-models';
