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
  /** Raise it whenever `schema` or `apply` changes what the rows hold: a store holding another version rebuilds the model at start. */
  readonly version: number;
  readonly streamPrefixes: readonly string[];
  /** Every table it owns (dropped by a rebuild). */
  readonly tables: readonly string[];
  /** `CREATE TABLE IF NOT EXISTS …` and index statements. */
  readonly schema: readonly string[];
  apply(db: ReadModelDb, event: RecordedEvent): void;
  /**
   * Once a catch-up has read the log to its end, in the same transaction as its last page (even an empty one): work done
   * once per catch-up rather than per event or per page (a rebuild of a million events folds each incident once, not
   * at every page that touched it). Reads wait for the catch-up (`current()`), so they never see the rows before it.
   * It must finish what any earlier `apply` left (kept in the model's tables): a catch-up that stopped halfway, here or
   * in another process sharing the file, is finished by the next one.
   */
  afterCatchUp?(db: ReadModelDb): void;
}

/** A page of the log as the projector read it. */
export interface ReadModelPage {
  /** The position it was read after (the checkpoint then); undefined: from the start. */
  after: Position | undefined;
  events: readonly RecordedEvent[];
  /** Shorter than a full page: the log is read to its end. */
  endOfLog: boolean;
}

/** The port: where read models live, each with its checkpoint (the last global position it applied). */
export interface ReadModelStore {
  /** Creates the model's tables when missing; a model kept at another version is dropped first (replayed from the start). */
  ensure(model: ReadModel): void;
  checkpoint(name: string): Position | undefined;
  /**
   * Applies the page's events beyond the model's checkpoint and moves the checkpoint to the last, all in one transaction:
   * a crash keeps both or neither, so an event is never lost nor applied twice. A page read after a position the
   * checkpoint is now behind (a rebuild in another process reset the model meanwhile) is stale: nothing of it is applied,
   * since the events between are not in it. With `endOfLog` (the last page of a catch-up), the model's `afterCatchUp` runs
   * in the same transaction.
   */
  applyInOrder(model: ReadModel, page: ReadModelPage): { applied: number; stale: boolean };
  /** Drops the model's tables and checkpoint, then creates the tables again, empty. */
  reset(model: ReadModel): void;
  read<T>(query: (db: ReadModelDb) => T): T;
  close(): void;
}

export const READ_MODEL_STORE = 'linchpin:review:read-model-store';
export const READ_MODELS = 'linchpin:review:read-models';
