import { Client, ClientConfig } from 'pg';
import { leaseLockKey } from './lock-keys';

/**
 * Leases as session-level advisory locks on one dedicated connection (not the pool's: a pooled
 * connection is shared and recycled, and a session lock lives as long as the session). The locks
 * are released by PostgreSQL when that session ends, however it ends: a holder killed, its
 * connection cut or its backend terminated loses every lease, and another instance's next
 * `pg_try_advisory_lock` takes it.
 *
 * PostgreSQL's advisory locks are re-entrant (taking one twice needs two unlocks), so a lease
 * already held is remembered and never taken again; calls are serialised for the same reason.
 */
export class Leases {
  private client: Client | undefined;
  private readonly held = new Set<string>();
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  constructor(
    private readonly config: ClientConfig,
    private readonly schema: string,
  ) {}

  hold(name: string): Promise<boolean> {
    const next = this.queue.then(() => this.tryHold(name));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async tryHold(name: string): Promise<boolean> {
    if (this.closed) return false;
    let client: Client;
    try {
      client = await this.connection();
    } catch {
      return false; // the server is unreachable: nobody here holds anything; the next call tries again
    }
    try {
      if (this.held.has(name)) {
        // A round trip proves the session (and with it the lock) still exists; a dead one throws.
        await client.query('SELECT 1');
        return this.held.has(name);
      }
      const { rows } = await client.query<{ held: boolean }>('SELECT pg_try_advisory_lock($1::bigint) AS held', [leaseLockKey(this.schema, name)]);
      if (rows[0].held) this.held.add(name);
      return rows[0].held;
    } catch {
      this.drop(client);
      return false;
    }
  }

  private async connection(): Promise<Client> {
    if (this.client) return this.client;
    const client = new Client(this.config);
    // The session is gone (terminated, network cut, server restart): so is every lease it held.
    client.on('error', () => this.drop(client));
    client.on('end', () => this.drop(client));
    try {
      await client.connect();
    } catch (error) {
      // Its listeners stay: drop() ignores a client that is not the current one.
      await client.end().catch(() => undefined);
      throw error;
    }
    if (this.closed) {
      await client.end().catch(() => undefined);
      throw new Error('closed');
    }
    this.client = client;
    return client;
  }

  private drop(client: Client): void {
    if (this.client !== client) return;
    this.client = undefined;
    this.held.clear();
    void client.end().catch(() => undefined);
  }

  /** Ends the session: PostgreSQL releases every lease it held. */
  async close(): Promise<void> {
    this.closed = true;
    await this.queue;
    const client = this.client;
    this.client = undefined;
    this.held.clear();
    if (client) await client.end().catch(() => undefined);
  }
}
