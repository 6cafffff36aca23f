// @ts-check
'use strict';
/*
 * The SQLite writer: commits a batch of appends and checkpoint saves in one IMMEDIATE transaction,
 * each write a savepoint of its own, and answers one outcome per write.
 *
 * Plain CommonJS, copied as is to dist/ (see package.json `build`): the same file runs as a worker
 * thread from the built package and under Jest (which cannot start a worker from a .ts file), and
 * the thread loads nothing but better-sqlite3, so it costs as little memory as a thread can.
 * The store (sqlite-event-store.ts) also calls createCommitter on its own connection for ':memory:'
 * databases, which another thread cannot open. The types are in writer-protocol.ts.
 */
const { isMainThread, parentPort, workerData } = require('node:worker_threads');

/** A write the batch refuses on its own (a conflict), as data that crosses the thread boundary. */
class Refusal extends Error {
  /** @param {import('./writer-protocol').WriteErrorData} data */
  constructor(data) {
    super(data.kind);
    this.data = data;
  }
}

/** @param {unknown} error @returns {import('./writer-protocol').WriteErrorData} */
const errorData = (error) => {
  if (error instanceof Refusal) return error.data;
  if (error instanceof Error) {
    const code = /** @type {{ code?: unknown }} */ (error).code;
    return { kind: 'failure', name: error.name, message: error.message, ...(typeof code === 'string' ? { code } : {}) };
  }
  return { kind: 'failure', name: 'Error', message: String(error) };
};

/** The part before the first `-`; empty for a stream without one, so no category filter matches it. */
const categoryOf = (/** @type {string} */ stream) => {
  const dash = stream.indexOf('-');
  return dash < 0 ? '' : stream.slice(0, dash);
};

/**
 * @param {import('better-sqlite3').Database} db a connection on a file whose schema exists
 * @returns {import('./writer-protocol').Committer}
 */
function createCommitter(db) {
  const findId = db.prepare('SELECT stream, position FROM events WHERE id = ?');
  const lastRevision = db.prepare('SELECT MAX(revision) AS revision FROM events WHERE stream = ?');
  const insert = db.prepare(
    `INSERT INTO events (id, stream, category, revision, type, schema_version, data, metadata, recorded_at)
     VALUES (@id, @stream, @category, @revision, @type, @schemaVersion, @data, @metadata, @recordedAt)`,
  );
  const saveCheckpoint = db.prepare(
    `INSERT INTO checkpoints (name, position) VALUES (?, ?)
     ON CONFLICT (name) DO UPDATE SET position = excluded.position`,
  );

  /** @param {import('./writer-protocol').AppendWrite} append @returns {import('./writer-protocol').WriteOutcome} */
  const appendEvents = ({ stream, events, expected, recordedAt }) => {
    const last = /** @type {{ revision: number | null } | undefined} */ (lastRevision.get(stream))?.revision ?? null;
    const stored = events.map((e) => /** @type {{ stream: string, position: number } | undefined} */ (findId.get(e.id)));
    if (stored.some((s) => s !== undefined)) {
      if (stored.some((s) => s === undefined || s.stream !== stream)) throw new Refusal({ kind: 'partial_duplicate', stream });
      const position = /** @type {{ position: number }} */ (stored[stored.length - 1]).position;
      return { ok: true, result: { nextExpectedRevision: last ?? -1, position, alreadyStored: true }, bytes: 0 };
    }
    const actual = last === null ? 'no_stream' : last;
    if (expected !== 'any' && expected !== actual) {
      throw new Refusal({ kind: 'conflict', stream, expected: String(expected), actual: String(actual) });
    }
    const category = categoryOf(stream);
    let revision = last ?? -1;
    let position = 0;
    let bytes = 0;
    for (const event of events) {
      revision += 1;
      const info = insert.run({ ...event, stream, category, revision, recordedAt });
      position = Number(info.lastInsertRowid);
      bytes += Buffer.byteLength(event.data) + Buffer.byteLength(event.metadata);
    }
    return { ok: true, result: { nextExpectedRevision: revision, position, alreadyStored: false }, bytes };
  };

  /** @param {import('./writer-protocol').Write} write @returns {import('./writer-protocol').WriteOutcome} */
  const applyWrite = (write) => {
    if (write.kind === 'append') return appendEvents(write);
    saveCheckpoint.run(write.name, write.position);
    return { ok: true, bytes: 0 };
  };

  // Called inside the batch transaction, this runs as a savepoint: a refused write undoes only itself.
  const savepoint = db.transaction(applyWrite);
  const batchTransaction = db.transaction((/** @type {import('./writer-protocol').Write[]} */ writes) =>
    writes.map((write) => {
      try {
        return savepoint(write);
      } catch (error) {
        return /** @type {import('./writer-protocol').WriteOutcome} */ ({ ok: false, error: errorData(error) });
      }
    }),
  );

  return {
    commit(writes) {
      try {
        // IMMEDIATE takes the write lock up front, so two processes never both pass the checks.
        const outcomes = batchTransaction.immediate(writes);
        const wrote = outcomes.some((o, i) => o.ok && (writes[i].kind === 'checkpoint' || !o.result?.alreadyStored));
        return { committed: true, outcomes, wrote };
      } catch (error) {
        return { committed: false, error: errorData(error) };
      }
    },
  };
}

module.exports = { createCommitter };

/*
 * As a worker thread: its own write connection, one batch per message, one answer per batch.
 * 'close' closes the connection; the thread then has nothing left to wait for and exits.
 */
const options = /** @type {{ linchpinSqliteWriter?: import('./writer-protocol').WriterThreadOptions }} */ (workerData ?? {})
  .linchpinSqliteWriter;
if (!isMainThread && parentPort && options) {
  const port = parentPort;
  const Database = /** @type {typeof import('better-sqlite3')} */ (require(options.driver));
  const db = new Database(options.path);
  db.pragma(`synchronous = ${options.synchronous}`);
  // Another process may hold the write lock for a moment: wait for it instead of failing.
  db.pragma('busy_timeout = 5000');
  const committer = createCommitter(db);
  port.on('message', (/** @type {import('./writer-protocol').Write[] | 'close'} */ message) => {
    if (message === 'close') {
      db.close();
      port.close();
      return;
    }
    port.postMessage(committer.commit(message));
  });
}
