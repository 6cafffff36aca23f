/** A stream's folded state and the revision it was folded up to. */
export interface CachedState<TState> {
  state: TState;
  revision: number;
}

/**
 * Folded aggregate states kept between commands, least recently used evicted first, so a
 * command reads only the events appended since (a long-firing alert's stream otherwise costs a
 * full read and fold per repeat). Safe across processes: the append still carries the expected
 * revision, and a conflict rereads from the cached revision.
 */
export class StateCache<TState> {
  private readonly entries = new Map<string, CachedState<TState>>();

  constructor(private readonly maxStreams = 10_000) {}

  get(stream: string): CachedState<TState> | undefined {
    const hit = this.entries.get(stream);
    if (hit) {
      this.entries.delete(stream);
      this.entries.set(stream, hit);
    }
    return hit;
  }

  set(stream: string, cached: CachedState<TState>): void {
    this.entries.delete(stream);
    this.entries.set(stream, cached);
    if (this.entries.size > this.maxStreams) this.entries.delete(this.entries.keys().next().value as string);
  }

  get size(): number {
    return this.entries.size;
  }
}
