import { BeforeApplicationShutdown, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { SpanKind } from '@opentelemetry/api';
import { Clock, CommandContext, DueTimer, EventStore, TimerDriver } from '@linchpin/eventsourcing';
import { withLogContext } from './log-context';
import { inNewTrace } from './tracing/spans';

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
    this.driver = new TimerDriver({ store, clock, streamPrefixes, fire: (timer) => this.fireTraced(timer), logger: { warn: (message) => this.logger.warn(message) } });
  }

  onApplicationBootstrap(): void | Promise<void> {
    this.driver.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.driver.stop();
  }

  protected abstract fire(timer: DueTimer): Promise<void>;

  /**
   * Each firing is the root of a trace of its own (`timer <purpose>`), linked to the span that scheduled it, so what
   * it causes (an escalation's page) carries a traceparent; its log lines name the incident and correlation.
   */
  private fireTraced(timer: DueTimer): Promise<void> {
    const { incidentId, correlationId } = timer.metadata;
    const attributes = { 'linchpin.timer.purpose': timer.purpose, 'linchpin.timer.id': timer.timerId, 'linchpin.timer.due_at': timer.dueAt };
    return withLogContext({ incidentId, correlationId }, () =>
      inNewTrace(timer.metadata, `timer ${timer.purpose}`, { kind: SpanKind.INTERNAL, attributes }, () => this.fire(timer)),
    );
  }

  /** The context of the command a due timer causes: caused by the fact that scheduled it, decided now. */
  protected contextOf(timer: DueTimer): CommandContext {
    return { actor: this.actor, causationId: timer.scheduledEventId, occurredAt: this.clock.now().toISOString() };
  }
}
