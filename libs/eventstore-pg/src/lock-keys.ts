import { createHash } from 'node:crypto';

/**
 * Advisory lock keys: the first 8 bytes of a SHA-256, as a signed 64-bit integer (PostgreSQL's
 * `bigint`), passed as text. `hashtext` would give 32 bits, where two lease names of two schemas
 * could collide and one lease would then block the other; 64 bits make that negligible. Each kind
 * of lock has its own prefix, so a lease can never be named like the append or migration lock.
 */
const key64 = (text: string): string => createHash('sha256').update(text).digest().readBigInt64BE(0).toString();

/** Held for the duration of each append transaction: one append at a time per schema. */
export const appendLockKey = (schema: string): string => key64(`linchpin:append:${schema}`);

/** Held while creating the schema's tables. */
export const migrationLockKey = (schema: string): string => key64(`linchpin:migrate:${schema}`);

/** A lease (`holdLease(name)`): session-level, on the store's dedicated connection. */
export const leaseLockKey = (schema: string, name: string): string => key64(`linchpin:lease:${schema}\u0000${name}`);
