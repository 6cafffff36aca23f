import Database from 'better-sqlite3';
import { AppendResult, ConcurrencyError, ExpectedRevision, PartialDuplicateError } from '@linchpin/eventsourcing';

/*
 * What the store and its writer (commit-worker.js) exchange. Everything here crosses a thread
 * boundary by structured clone, so it is plain data: events arrive already serialised to JSON
 * (on the caller's thread, with JSON.stringify's own rules), and errors travel as data that
 * toStoreError turns back into the kernel's error classes.
 */

/** An event as its row stores it. */
export interface RowEvent {
  id: string;
  type: string;
  schemaVersion: number;
  data: string;
  metadata: string;
}

export interface AppendWrite {
  kind: 'append';
  stream: string;
  events: RowEvent[];
  expected: ExpectedRevision;
  recordedAt: string;
}

export interface CheckpointWrite {
  kind: 'checkpoint';
  name: string;
  position: number;
}

export type Write = AppendWrite | CheckpointWrite;

export type WriteErrorData =
  | { kind: 'conflict'; stream: string; expected: string; actual: string }
  | { kind: 'partial_duplicate'; stream: string }
  | { kind: 'failure'; name: string; message: string; code?: string };

/** One per write; `bytes`: the data and metadata JSON it stored (UTF-8). */
export type WriteOutcome = { ok: true; result?: AppendResult; bytes: number } | { ok: false; error: WriteErrorData };

/** `wrote`: the transaction stored something, so its commit was a write to the WAL (an fsync at FULL). */
export type BatchResult = { committed: true; outcomes: WriteOutcome[]; wrote: boolean } | { committed: false; error: WriteErrorData };

export interface Committer {
  commit(writes: Write[]): BatchResult;
}

export interface WriterThreadOptions {
  path: string;
  synchronous: 'FULL' | 'NORMAL';
  /** The resolved path of better-sqlite3: the thread's own module resolution may start elsewhere. */
  driver: string;
}

/** The same error classes, with the same fields, as if the append had run on the caller's thread. */
export function toStoreError(data: WriteErrorData): Error {
  switch (data.kind) {
    case 'conflict':
      return new ConcurrencyError(data.stream, data.expected, data.actual);
    case 'partial_duplicate':
      return new PartialDuplicateError(data.stream);
    case 'failure': {
      if (data.name === 'SqliteError' && data.code) return new Database.SqliteError(data.message, data.code);
      const error = new Error(data.message);
      error.name = data.name;
      return data.code ? Object.assign(error, { code: data.code }) : error;
    }
  }
}
