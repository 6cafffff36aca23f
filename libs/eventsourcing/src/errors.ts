/** Base of every typed error the kernel and the domains raise. */
export abstract class LinchpinError extends Error {
  abstract readonly code: string;
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** Another writer appended to the stream after we read it. */
export class ConcurrencyError extends LinchpinError {
  readonly code = 'concurrency_conflict';
  constructor(
    readonly stream: string,
    readonly expected: string,
    readonly actual: string,
  ) {
    super(`stream ${stream}: expected revision ${expected}, found ${actual}`);
  }
}

/** A command that the current state does not allow (a 409/422 for callers). */
export class DomainError extends LinchpinError {
  readonly code: string;
  constructor(
    code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.code = code;
  }
}

/** The thing a command or query names does not exist. */
export class NotFoundError extends LinchpinError {
  readonly code = 'not_found';
  constructor(
    readonly what: string,
    readonly id: string,
  ) {
    super(`${what} ${id} not found`);
  }
}

/** An append that repeats some but not all already-stored event ids: a caller bug, never retried. */
export class PartialDuplicateError extends LinchpinError {
  readonly code = 'partial_duplicate';
  constructor(readonly stream: string) {
    super(`stream ${stream}: append mixes stored and new event ids`);
  }
}

/**
 * The store cannot be reached now (connection refused, lost or shut down): nothing was decided or
 * written by this call, and the caller may try again (HTTP answers 503 with Retry-After).
 */
export class StoreUnavailableError extends LinchpinError {
  readonly code = 'store_unavailable';
  /** A bus retries the message until the store is back, never dead-letters it (`isOutage`). */
  readonly outage = true;
  constructor(readonly reason: string) {
    super(`the event store cannot be reached: ${reason}`);
  }
}
