import { BeforeApplicationShutdown, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Clock, CommandContext, DueTimer, EventStore, TimerDriver } from '@linchpin/eventsourcing';

/**
 * The durable timers of some of a service's streams (docs/architecture.md#durable-timers): a
 * `TimerDriver` on those stream prefixes, started with the application (deadlines that passed while
 * the process was down fire at once) and stopped before it shuts down. Subclasses implement `fire`,
 * which runs the owner's own command through its binding; exactly once is the owner's decider's.
 */
export abstract class DurableTimers implements OnApplicationBootstrap, BeforeApplicationShutdown {
  protected readonly logger: Logger;
  /** Exposed for tests: `driver.tick()` runs one pass now. */
  readonly driver: TimerDriver;

  constructor(
    protected readonly store: EventStore,
    protected readonly clock: Clock,
    streamPrefixes: string[],
    /** Who the commands timers cause are recorded as: `system:<service>`. */
    private readonly actor: string,
  ) {
    this.logger = new Logger(new.target.name);
    this.driver = new TimerDriver({ store, clock, streamPrefixes, fire: (timer) => this.fire(timer), logger: { warn: (message) => this.logger.warn(message) } });
  }

  onApplicationBootstrap(): void | Promise<void> {
    this.driver.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.driver.stop();
  }

  protected abstract fire(timer: DueTimer): Promise<void>;

  /** The context of the command a due timer causes: caused by the fact that scheduled it, decided now. */
  protected contextOf(timer: DueTimer): CommandContext {
    return { actor: this.actor, causationId: timer.scheduledEventId, occurredAt: this.clock.now().toISOString() };
  }
}
