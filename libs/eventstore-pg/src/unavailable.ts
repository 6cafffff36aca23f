import { StoreUnavailableError } from '@linchpin/eventsourcing';

/** Socket errors of a server that is down, restarting or out of reach. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
/** SQLSTATE: class 08 (connection exception); 57P01–57P03 (the server shutting down, crashed, or not yet accepting). */
const unreachableState = (code: string) => code.startsWith('08') || code === '57P01' || code === '57P02' || code === '57P03';

/**
 * Whether an error of `pg` says the server could not be reached or dropped the connection, rather than
 * refusing the statement: the first is worth trying again later; the second is a bug or a conflict.
 */
export function isUnreachable(error: unknown): boolean {
  // Not `instanceof Error`: an error from another realm (Node's own sockets under a test runner's VM) is one too.
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || unreachableState(code))) return true;
  // pg's own wording when the socket closes under a query, or the pool cannot hand out a connection.
  return typeof message === 'string' && /Connection terminated|connection timeout|Client has encountered a connection error/i.test(message);
}

export function rethrowUnavailable(error: unknown): never {
  throw isUnreachable(error) ? new StoreUnavailableError(String((error as { message?: unknown }).message)) : error;
}
