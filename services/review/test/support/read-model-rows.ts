import { ReadModel, ReadModelDb } from '../../src/read-models/read-model.port';

/** Every row of every table of a read model, in a stable order: what "the same read model" compares. */
export const rowsOf = (db: ReadModelDb, model: ReadModel): Record<string, unknown[]> =>
  Object.fromEntries(model.tables.map((table) => [table, db.all(`SELECT * FROM "${table}" ORDER BY 1, 2`)]));
