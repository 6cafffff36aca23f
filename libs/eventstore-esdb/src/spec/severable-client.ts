import { UnavailableError } from '@eventstore/db-client';
import { EsdbClient } from '../esdb-client';

/** One instance's way to the server, which a test can cut (the server unreachable to it) and restore. */
export interface SeverableClient {
  client: EsdbClient;
  cut(): void;
  restore(): void;
}

/**
 * Wraps a client (the fake, or a real one) so that, while cut, its reads and writes fail as the
 * client's do when the server cannot be reached (`UnavailableError`), without touching what other
 * instances see. Subscriptions and `dispose` pass through: the lease tests do not need them cut.
 */
export function severable(client: EsdbClient): SeverableClient {
  let cut = false;
  const unavailable = () => new UnavailableError(undefined, 'the server is unreachable (cut by the test)');
  async function* failedRead(): AsyncGenerator<never> {
    throw unavailable();
  }
  const wrapped: EsdbClient = {
    appendToStream: ((...args: Parameters<EsdbClient['appendToStream']>) =>
      cut ? Promise.reject(unavailable()) : client.appendToStream(...args)) as EsdbClient['appendToStream'],
    setStreamMetadata: ((...args: Parameters<EsdbClient['setStreamMetadata']>) =>
      cut ? Promise.reject(unavailable()) : client.setStreamMetadata(...args)) as EsdbClient['setStreamMetadata'],
    readStream: ((...args: Parameters<EsdbClient['readStream']>) => (cut ? failedRead() : client.readStream(...args))) as EsdbClient['readStream'],
    readAll: ((...args: Parameters<EsdbClient['readAll']>) => (cut ? failedRead() : client.readAll(...args))) as EsdbClient['readAll'],
    subscribeToAll: ((...args: Parameters<EsdbClient['subscribeToAll']>) => client.subscribeToAll(...args)) as EsdbClient['subscribeToAll'],
    dispose: () => client.dispose(),
  };
  return {
    client: wrapped,
    cut: () => void (cut = true),
    restore: () => void (cut = false),
  };
}
