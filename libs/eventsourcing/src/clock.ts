/** Time is injected so that timers, deadlines and tests never depend on the wall clock. */
export interface Clock {
  now(): Date;
  /**
   * A clock that can jump (tests) says so: `listener` runs after each jump, so whoever waits for a
   * deadline (the timer driver) looks again at once instead of at its next poll. Returns the unsubscribe.
   */
  onChange?(listener: (now: Date) => void): () => void;
}

export const systemClock: Clock = { now: () => new Date() };

/** How a test moves a clock. */
export interface ClockMove {
  /**
   * Stand still at the new instant until the next move, so that every fact decided meanwhile gets exactly that instant
   * (a test asserting exact durations across processes, whatever the machine's load). Otherwise time flows on from it.
   */
  frozen?: boolean;
}

/** A clock tests may move: `set` jumps to an instant, `advance` moves it on; each move says whether it then stands still. */
export interface AdjustableClock extends Clock {
  set(at: Date | string, move?: ClockMove): void;
  advance(ms: number, move?: ClockMove): void;
  onChange(listener: (now: Date) => void): () => void;
  /** Whether it stands still between moves. */
  readonly frozen: boolean;
}

export const isAdjustableClock = (clock: Clock): clock is AdjustableClock =>
  typeof (clock as Partial<AdjustableClock>).set === 'function' &&
  typeof (clock as Partial<AdjustableClock>).advance === 'function' &&
  typeof clock.onChange === 'function';

const instantOf = (at: Date | string): number => {
  const ms = new Date(at).getTime();
  if (Number.isNaN(ms)) throw new RangeError(`not an instant: ${String(at)}`);
  return ms;
};

/** Listeners of a clock; one that throws does not keep the others from hearing of the jump. */
class ChangeListeners {
  private readonly listeners = new Set<(now: Date) => void>();
  add(listener: (now: Date) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  notify(now: Date): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(now);
      } catch {
        // A listener's failure is its own; the clock has moved either way.
      }
    }
  }
}

/** A clock that only moves when told to: for unit tests of anything that waits. Always frozen (a move's `frozen` changes nothing). */
export class ManualClock implements AdjustableClock {
  readonly frozen = true;
  private current: number;
  private readonly listeners = new ChangeListeners();
  constructor(start: Date | string = '2026-01-01T00:00:00.000Z') {
    this.current = instantOf(start);
  }
  now(): Date {
    return new Date(this.current);
  }
  advance(ms: number, _move?: ClockMove): void {
    this.current += ms;
    this.listeners.notify(this.now());
  }
  set(at: Date | string, _move?: ClockMove): void {
    this.current = instantOf(at);
    this.listeners.notify(this.now());
  }
  onChange(listener: (now: Date) => void): () => void {
    return this.listeners.add(listener);
  }
}

/**
 * The system clock plus an offset tests control (`LINCHPIN_TEST_CLOCK=1`): time keeps flowing, so
 * every decided fact still gets its own instant and order, but `set` and `advance` jump it, and
 * whoever waits for a deadline hears of the jump at once. `set` may go backwards (a test starting
 * over); `advance` refuses a negative step, so "move on" can never move time back by mistake.
 * A move with `frozen: true` makes it stand still at the new instant until the next move: a test
 * that asserts exact durations sets every process to the same instants, however slow the machine.
 */
export class MovableClock implements AdjustableClock {
  private offsetMs: number;
  /** Set while a move asked it to stand still: the instant it stands at. */
  private frozenAt: number | undefined;
  private readonly listeners = new ChangeListeners();

  constructor(
    start?: Date | string,
    private readonly system: () => number = Date.now,
  ) {
    this.offsetMs = start === undefined ? 0 : instantOf(start) - this.system();
  }

  now(): Date {
    return new Date(this.frozenAt ?? this.system() + this.offsetMs);
  }

  get frozen(): boolean {
    return this.frozenAt !== undefined;
  }

  /** How far this clock is ahead of (negative: behind) the system clock, in ms. */
  offset(): number {
    return this.now().getTime() - this.system();
  }

  set(at: Date | string, move: ClockMove = {}): void {
    this.moveTo(instantOf(at), move);
  }

  advance(ms: number, move: ClockMove = {}): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`advance takes a finite, non-negative number of ms (got ${ms})`);
    this.moveTo(this.now().getTime() + ms, move);
  }

  onChange(listener: (now: Date) => void): () => void {
    return this.listeners.add(listener);
  }

  private moveTo(instant: number, { frozen = false }: ClockMove): void {
    this.offsetMs = instant - this.system();
    this.frozenAt = frozen ? instant : undefined;
    this.listeners.notify(this.now());
  }
}
