import { EventStore } from './event-store.port';

export interface LeaseKeeperOptions {
  store: EventStore;
  /** The lease's name, shared by every replica of the service, e.g. `dispatcher:comms`. */
  name: string;
  /** How often a follower asks for the lease, and the holder checks it still has it. */
  checkEveryMs: number;
  /** Called each time this instance takes the lease (at once when the store has no leases). */
  onTaken?: () => void;
  onError?: (error: unknown) => void;
}

/**
 * Keeps asking the store for a named lease, so that work one replica must do alone (sending the
 * deliveries) has one doer at a time, and another replica takes it over when the holder dies
 * (docs/architecture.md#replicas). A store without leases has one process: it always holds.
 */
export class LeaseKeeper {
  private holding = false;
  private timer?: NodeJS.Timeout;
  private stopped = true;

  constructor(private readonly options: LeaseKeeperOptions) {}

  get held(): boolean {
    return this.holding;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    if (this.options.store.holdLease) return void this.check();
    this.holding = true;
    this.options.onTaken?.();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private async check(): Promise<void> {
    const { store, name } = this.options;
    let holds = false;
    try {
      holds = await store.holdLease!(name);
    } catch (error) {
      this.options.onError?.(error);
    }
    if (this.stopped) return;
    const taken = holds && !this.holding;
    this.holding = holds;
    if (taken) this.options.onTaken?.();
    this.timer = setTimeout(() => void this.check(), this.options.checkEveryMs);
  }
}
