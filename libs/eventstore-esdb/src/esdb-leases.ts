import { BACKWARDS, END, NO_STREAM, StreamNotFoundError, WrongExpectedVersionError, jsonEvent } from '@eventstore/db-client';
import { Clock, newId } from '@linchpin/eventsourcing';
import { EsdbClient } from './esdb-client';
import { leaseStream } from './esdb-mapping';

/** How many records a lease stream keeps (the last one decides; a few more show the recent handovers). */
const LEASE_STREAM_MAX_COUNT = 5;

export const LEASE_TAKEN = 'LeaseTaken';
export const LEASE_RENEWED = 'LeaseRenewed';
export const LEASE_RELEASED = 'LeaseReleased';

interface LeaseRecord {
  type: string;
  revision: bigint;
  holder?: string;
  /** Epoch ms; NaN when the record says none. */
  until: number;
}

/** A lease this instance holds: the revision of its last record, and when it wrote it (by its clock). */
interface Held {
  revision: bigint;
  writtenAt: number;
}

/**
 * Leases on EventStoreDB: the server has no locks and no sessions, so a lease is a time-bounded
 * claim in a stream of its own (`__linchpin-lease-<name>`), decided by optimistic concurrency.
 *
 * - To take a lease, an instance reads its stream's last record. The lease is free when there is
 *   none, when it is a release, when its `until` has passed by this instance's clock, or when it
 *   names this instance. It then appends `LeaseTaken { holder, until: now + ttl }` expecting the
 *   revision it read: of several contenders that read the same record, the server lets exactly one
 *   append (the others get WrongExpectedVersionError: they lost).
 * - The holder answers from memory until a third of the TTL has passed since its last record, then
 *   appends `LeaseRenewed` expecting its own last revision. Any failure (a conflict: someone took it;
 *   the server unreachable) means it no longer holds; its next call starts over from a read.
 * - `releaseAll` (the store's close) appends `LeaseReleased`, so another instance takes it at once.
 *
 * Safety rests on the clocks: another instance takes an unrenewed lease once its own clock passes
 * `until`, so the TTL must exceed the holders' clock skew plus a third of the TTL (the holder's
 * answers from memory) plus the work a caller does between two calls (README: "Leases").
 */
export class EsdbLeases {
  /** This instance's id in the records it writes: random, so a restarted process is another holder. */
  readonly holder = newId();
  private readonly held = new Map<string, Held>();
  private readonly capped = new Set<string>();
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  constructor(
    private readonly client: EsdbClient,
    private readonly ttlMs: number,
    private readonly clock: Clock,
  ) {}

  /** Serialised, so two calls never race each other's renewal of the same record. Never throws. */
  hold(name: string): Promise<boolean> {
    const next = this.queue.then(() => this.tryHold(name));
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Appends a release of every lease held, expecting its own last record; a failure leaves the lease to expire. */
  async releaseAll(): Promise<void> {
    this.closed = true;
    await this.queue;
    const held = [...this.held];
    this.held.clear();
    await Promise.all(
      held.map(([name, lease]) =>
        this.client
          .appendToStream(leaseStream(name), jsonEvent({ type: LEASE_RELEASED, data: { holder: this.holder } }), { expectedRevision: lease.revision })
          .catch(() => undefined),
      ),
    );
  }

  private async tryHold(name: string): Promise<boolean> {
    if (this.closed) return false;
    const now = this.clock.now().getTime();
    const mine = this.held.get(name);
    const age = mine ? now - mine.writtenAt : Infinity;
    if (age >= 0 && age < this.ttlMs / 3) return true;
    try {
      if (mine) return await this.write(name, LEASE_RENEWED, mine.revision, now);
      const last = await this.lastRecord(name);
      if (last && !this.isFree(last, now)) return false;
      return await this.write(name, LEASE_TAKEN, last?.revision ?? NO_STREAM, now);
    } catch {
      // Unreachable, or any other failure: not held; the next call reads again.
      this.held.delete(name);
      return false;
    }
  }

  private isFree(last: LeaseRecord, now: number): boolean {
    if (last.type === LEASE_RELEASED || last.holder === this.holder) return true;
    // A record that says no instant (not one of ours) claims nothing.
    return Number.isNaN(last.until) || last.until <= now;
  }

  /** Appends a take or renewal expecting `expected`; a conflict is a lost lease. */
  private async write(name: string, type: string, expected: bigint | typeof NO_STREAM, now: number): Promise<boolean> {
    const stream = leaseStream(name);
    const data = { holder: this.holder, until: new Date(now + this.ttlMs).toISOString() };
    try {
      const result = await this.client.appendToStream(stream, jsonEvent({ type, data }), { expectedRevision: expected });
      this.held.set(name, { revision: result.nextExpectedRevision, writtenAt: now });
    } catch (error) {
      this.held.delete(name);
      if (error instanceof WrongExpectedVersionError) return false;
      throw error;
    }
    await this.cap(stream);
    return true;
  }

  /** Only the last records matter: let the server scavenge the older ones. Retried on a later write when it fails. */
  private async cap(stream: string): Promise<void> {
    if (this.capped.has(stream)) return;
    try {
      await this.client.setStreamMetadata(stream, { maxCount: LEASE_STREAM_MAX_COUNT });
      this.capped.add(stream);
    } catch {
      // The lease is taken all the same; the cap is housekeeping.
    }
  }

  private async lastRecord(name: string): Promise<LeaseRecord | undefined> {
    try {
      for await (const resolved of this.client.readStream(leaseStream(name), { direction: BACKWARDS, fromRevision: END, maxCount: 1 })) {
        const event = resolved.event;
        if (!event) continue;
        const data = (event.isJson && typeof event.data === 'object' && event.data !== null ? event.data : {}) as { holder?: unknown; until?: unknown };
        return {
          type: event.type,
          revision: event.revision,
          holder: typeof data.holder === 'string' ? data.holder : undefined,
          until: typeof data.until === 'string' ? Date.parse(data.until) : Number.NaN,
        };
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return undefined;
      throw error;
    }
    return undefined;
  }
}
