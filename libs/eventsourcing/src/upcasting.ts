import { RecordedEvent } from './event';

/** Turns an event of `type` at `fromVersion` into `fromVersion + 1`. Never rewrites storage. */
export interface Upcaster {
  type: string;
  fromVersion: number;
  up(data: unknown): unknown;
}

export class UpcasterChain {
  private readonly byKey = new Map<string, Upcaster>();
  constructor(upcasters: readonly Upcaster[] = []) {
    for (const u of upcasters) this.byKey.set(`${u.type}@${u.fromVersion}`, u);
  }
  /** Raises an event to the newest version this chain knows. */
  upcast<T extends RecordedEvent>(event: T): T {
    let current = event;
    for (;;) {
      const next = this.byKey.get(`${current.type}@${current.schemaVersion}`);
      if (!next) return current;
      current = { ...current, schemaVersion: current.schemaVersion + 1, data: next.up(current.data) };
    }
  }
}
