import { Clock } from '../clock';
import { EventStore } from '../event-store.port';
import { ProjectionFeed } from '../projection-feed';
import { wroteAny } from '../stream-name';
import { DueTimer, DueTimers } from './due-timers';

export interface TimerDriverLogger {
  warn(message: string): void;
}

export interface TimerDriverOptions {
  store: EventStore;
  clock: Clock;
  /** The owner's streams whose timers this driver fires, e.g. [`response-`]. */
  streamPrefixes: string[];
  /**
   * Runs the owner's own command for a due timer (e.g. `responses.handle(store, { type: 'FireTimer', … })`),
   * whose decider appends `TimerFired` and its consequences only while the timer is pending in its
   * state. It may be called again for a timer already fired (another replica, a retry): it must then
   * decide nothing. A `fire` that throws is tried again at the next pass.
   */
  fire: (timer: DueTimer) => Promise<void>;
  /** Longest wait between two passes (default 1000 ms); a clock jump or a local append wakes it sooner. */
  pollMs?: number;
  logger?: TimerDriverLogger;
}

export interface TickOutcome {
  fired: DueTimer[];
  failed: { timer: DueTimer; error: unknown }[];
}

/** setTimeout's longest delay; a timer due further away is looked at again after this. */
const MAX_DELAY_MS = 2_147_483_647;

/**
 * Fires a service's durable timers from its clock. Each pass catches the due-timer read model up
 * with the log, then calls `fire` for every timer due at `clock.now()`, soonest first, one at a
 * time; a failure is logged and tried again at the next pass, and never stops the others. Passes
 * come every `pollMs`, at the soonest timer's due time, after each append of this process and at
 * once when the clock jumps (so tests move time instead of sleeping). Exactly-once firing is the
 * owner's decider's: the driver only promises "at least once, after it is due".
 */
export class TimerDriver {
  private readonly timers = new DueTimers();
  private readonly feed: ProjectionFeed;
  private readonly pollMs: number;
  private readonly logger: TimerDriverLogger;
  private stopped = true;
  /** Set by stop(): a pass in flight fires no further timer. */
  private halted = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  private woken = false;
  private passing?: Promise<TickOutcome>;
  private unsubscribe: (() => void)[] = [];

  constructor(private readonly options: TimerDriverOptions) {
    this.feed = this.timers.follow(options.store, options.streamPrefixes);
    this.pollMs = options.pollMs ?? 1000;
    this.logger = options.logger ?? { warn: (message) => console.warn(message) };
  }

  /** The first pass runs at once: timers that came due while the process was down fire now. */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.halted = false;
    const nudge = () => this.nudge();
    const appended = (streams: readonly string[]) => wroteAny(streams, this.options.streamPrefixes) && nudge();
    this.unsubscribe = [this.options.clock.onChange?.(nudge), this.options.store.onAppend?.(appended)].filter((u): u is () => void => !!u);
    this.loop = this.run();
  }

  /** Resolves once the pass in flight, if any, has ended; a stopped driver fires nothing until started again. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.halted = true;
    this.unsubscribe.forEach((u) => u());
    this.unsubscribe = [];
    this.wake?.();
    await this.loop;
  }

  /** Look again now (a clock jump, an append). */
  nudge(): void {
    this.woken = true;
    this.wake?.();
  }

  /** The pending timers as this driver last read them, soonest first. */
  pending(): DueTimer[] {
    return this.timers.all();
  }

  /** One pass now (a pass in flight is joined, then another runs, so it sees what is stored by now). */
  async tick(): Promise<TickOutcome> {
    while (this.passing) await this.passing.catch(() => undefined);
    this.passing = this.pass().finally(() => (this.passing = undefined));
    return this.passing;
  }

  private async pass(): Promise<TickOutcome> {
    await this.feed.current();
    const outcome: TickOutcome = { fired: [], failed: [] };
    for (const timer of this.timers.due(this.options.clock.now())) {
      if (this.halted) break;
      try {
        await this.options.fire(timer);
        // Fired (or found moot by its owner): the log will say which; this pass must not fire it again meanwhile.
        this.timers.forget(timer);
        outcome.fired.push(timer);
      } catch (error) {
        outcome.failed.push({ timer, error });
        this.logger.warn(
          `timer ${timer.timerId} (${timer.purpose}) of ${timer.streamId}, due ${timer.dueAt}: firing failed, trying again at the next pass: ${
            error instanceof Error ? error.message : String(error)
          }`,
        );
      }
    }
    return outcome;
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      this.woken = false;
      let failed = false;
      try {
        failed = (await this.tick()).failed.length > 0;
      } catch (error) {
        failed = true;
        this.logger.warn(`timer driver: reading the log failed, trying again: ${error instanceof Error ? error.message : String(error)}`);
      }
      if (this.stopped) break;
      if (this.woken) continue;
      await this.sleep(failed ? this.pollMs : this.delayToNext());
    }
  }

  /** Until the soonest timer is due (by this clock), at most pollMs. */
  private delayToNext(): number {
    const next = this.timers.next();
    if (!next) return this.pollMs;
    return Math.min(this.pollMs, Math.max(0, next.getTime() - this.options.clock.now().getTime()), MAX_DELAY_MS);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timeout = setTimeout(done, ms);
      function done() {
        clearTimeout(timeout);
        resolve();
      }
      this.wake = () => {
        this.wake = undefined;
        done();
      };
    });
  }
}
