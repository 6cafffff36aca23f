import Database from 'better-sqlite3';
import { once } from 'node:events';
import { join } from 'node:path';
import { SHARE_ENV, Worker } from 'node:worker_threads';
import { BatchResult, Committer, Write, WriterThreadOptions } from './writer-protocol';

/** Commits one batch at a time (the store never sends the next before the last answered). */
export interface BatchWriter {
  commit(writes: Write[]): Promise<BatchResult>;
  close(): Promise<void>;
}

/** The writer stopped (crashed, ran out of memory, was terminated) with a batch in flight. */
export class SqliteWriterStoppedError extends Error {
  readonly code = 'sqlite_writer_stopped';
  constructor(readonly reason: string) {
    super(
      `the SQLite writer thread stopped (${reason}) before answering: these writes may or may not be stored; ` +
        'an append retried with the same event ids is stored once',
    );
    this.name = 'SqliteWriterStoppedError';
  }
}

/* eslint-disable @typescript-eslint/no-require-imports -- plain JavaScript shared with the worker thread (see commit-worker.js) */
const WORKER_FILE = join(__dirname, 'commit-worker.js');
const loadCommitter = (db: Database.Database): Committer =>
  (require(WORKER_FILE) as { createCommitter(db: Database.Database): Committer }).createCommitter(db);
/* eslint-enable @typescript-eslint/no-require-imports */

/** ':memory:' databases belong to one connection: their writes run on the caller's thread, as before. */
export class InThreadWriter implements BatchWriter {
  private readonly committer: Committer;

  constructor(db: Database.Database) {
    this.committer = loadCommitter(db);
  }

  async commit(writes: Write[]): Promise<BatchResult> {
    return this.committer.commit(writes);
  }

  async close(): Promise<void> {}
}

/**
 * The writer thread is small: it loads only better-sqlite3 and holds at most one batch (the store
 * caps a batch's size), so these ceilings leave it room without letting it grow. Over them the
 * thread dies and its batch is rejected, never hung.
 */
const THREAD_LIMITS = { maxOldGenerationSizeMb: 48, maxYoungGenerationSizeMb: 4, codeRangeSizeMb: 4, stackSizeMb: 1 };

/**
 * A worker thread with its own write connection, so the commit (and its fsync at synchronous=FULL)
 * never blocks the caller's event loop. Started on the first write, so a process that never writes
 * (an idle service) pays nothing for it; after a crash the next write starts a new one.
 * The thread keeps the process alive only while a batch is in flight.
 */
export class ThreadWriter implements BatchWriter {
  private worker?: Worker;
  private inFlight?: { resolve(result: BatchResult): void; reject(error: Error): void };
  private closing = false;

  constructor(
    private readonly options: Omit<WriterThreadOptions, 'driver'>,
    private readonly onStopped: (error: SqliteWriterStoppedError) => void,
  ) {}

  commit(writes: Write[]): Promise<BatchResult> {
    const worker = this.worker ?? this.start();
    return new Promise((resolve, reject) => {
      this.inFlight = { resolve, reject };
      worker.ref();
      worker.postMessage(writes);
    });
  }

  async close(): Promise<void> {
    this.closing = true;
    const worker = this.worker;
    if (!worker) return;
    const exited = once(worker, 'exit');
    // Referenced until it exits: a process with nothing else to do must still wait for the close.
    worker.ref();
    worker.postMessage('close');
    await exited;
  }

  private start(): Worker {
    const workerData: { linchpinSqliteWriter: WriterThreadOptions } = {
      linchpinSqliteWriter: { ...this.options, driver: require.resolve('better-sqlite3') },
    };
    // SHARE_ENV: the thread reads no variable, so it need not hold a copy of the environment.
    const worker = new Worker(WORKER_FILE, { workerData, resourceLimits: THREAD_LIMITS, env: SHARE_ENV });
    worker.unref();
    worker.on('message', (result: BatchResult) => {
      const waiting = this.inFlight;
      this.inFlight = undefined;
      worker.unref();
      waiting?.resolve(result);
    });
    worker.on('error', (error) => this.stopped(worker, error.message));
    worker.on('exit', (code) => this.stopped(worker, `exit code ${code}`));
    this.worker = worker;
    return worker;
  }

  /** A thread that ended with a batch in flight rejects it loudly; the next write starts a new one. */
  private stopped(worker: Worker, reason: string): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    const waiting = this.inFlight;
    this.inFlight = undefined;
    if (this.closing && !waiting) return;
    const error = new SqliteWriterStoppedError(reason);
    waiting?.reject(error);
    this.onStopped(error);
  }
}
