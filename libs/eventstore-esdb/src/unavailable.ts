import { StoreUnavailableError } from '@linchpin/eventsourcing';

/**
 * The client's UnavailableError (gRPC UNAVAILABLE: the server is down, restarting or out of reach) as
 * the kernel's StoreUnavailableError, so HTTP answers 503 and the buses hold the message until it is
 * back. Told by shape (the client's `type`), as the client's classes may come from another copy.
 */
export function rethrowUnavailable(error: unknown): never {
  const unreachable = typeof error === 'object' && error !== null && (error as { type?: unknown }).type === 'unavailable';
  throw unreachable ? new StoreUnavailableError(String((error as { message?: unknown }).message)) : error;
}
